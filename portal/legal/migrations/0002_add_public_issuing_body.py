# The first of three steps that make issuing bodies public bodies (portal.core): the
# new column beside the old one, which is made nullable so that the way back can refill
# it. Schema and data changes stay in separate migrations: PostgreSQL refuses to alter
# a table with pending deferred-constraint events in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_public_body'),
        ('legal', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='legaldocumentpage',
            name='legal_legal_number__20d27b_idx',
        ),
        migrations.AlterField(
            model_name='legaldocumentpage',
            name='issuing_body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='legal.issuingbody', verbose_name='issuing body'),
        ),
        migrations.AddField(
            model_name='legaldocumentpage',
            name='issuing_public_body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='issued_documents', to='core.publicbody', verbose_name='issuing body'),
        ),
    ]
