# The last step: the public-body fields take the agency fields' places and names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0005_agencies_to_public_bodies'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='procedurepage',
            name='competent_authority',
        ),
        migrations.RemoveField(
            model_name='procedurepage',
            name='coordinating_agencies',
        ),
        migrations.RemoveField(
            model_name='procedurepage',
            name='implementing_agencies',
        ),
        migrations.RenameField(
            model_name='procedurepage',
            old_name='competent_body',
            new_name='competent_authority',
        ),
        migrations.RenameField(
            model_name='procedurepage',
            old_name='coordinating_bodies',
            new_name='coordinating_agencies',
        ),
        migrations.RenameField(
            model_name='procedurepage',
            old_name='implementing_bodies',
            new_name='implementing_agencies',
        ),
        migrations.DeleteModel(
            name='Agency',
        ),
    ]
