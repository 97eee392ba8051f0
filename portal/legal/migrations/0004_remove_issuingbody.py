# The last step: the public body takes the issuing body's place and name.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('legal', '0003_issuing_bodies_to_public_bodies'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='legaldocumentpage',
            name='issuing_body',
        ),
        migrations.RenameField(
            model_name='legaldocumentpage',
            old_name='issuing_public_body',
            new_name='issuing_body',
        ),
        migrations.AlterField(
            model_name='legaldocumentpage',
            name='issuing_body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='issued_documents', to='core.publicbody', verbose_name='issuing body'),
        ),
        migrations.AddIndex(
            model_name='legaldocumentpage',
            index=models.Index(fields=['number_key', 'issuing_body'], name='legal_legal_number__20d27b_idx'),
        ),
        migrations.DeleteModel(
            name='IssuingBody',
        ),
    ]
