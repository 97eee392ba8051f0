# The first of three steps that make agencies public bodies (portal.core): new fields
# beside the old ones. Schema and data changes stay in separate migrations: PostgreSQL
# refuses to alter a table with pending deferred-constraint events in one transaction.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_public_body'),
        ('procedures', '0003_taxonomy_slug_from_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='procedurepage',
            name='competent_body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='decided_procedures', to='core.publicbody', verbose_name='competent authority'),
        ),
        migrations.AddField(
            model_name='procedurepage',
            name='implementing_bodies',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='implemented_procedures', to='core.publicbody', verbose_name='implementing agencies'),
        ),
        migrations.AddField(
            model_name='procedurepage',
            name='coordinating_bodies',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='coordinated_procedures', to='core.publicbody', verbose_name='coordinating agencies'),
        ),
    ]
