"""Authority now lives in tenancy; its table is unchanged, so only the state moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_directory_networks_contacts'),
        ('tenancy', '0001_initial'),
        # Every foreign key to Authority has moved before the directory lets go of it.
        ('accounts', '0002_authority_in_tenancy'),
        ('audit', '0003_authority_in_tenancy'),
        ('cases', '0003_authority_in_tenancy'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='contactpoint',
                    name='authority',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contact_points', to='tenancy.authority', verbose_name='authority'),
                ),
                migrations.AlterField(
                    model_name='designation',
                    name='authority',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='designations', to='tenancy.authority', verbose_name='authority'),
                ),
                migrations.AlterField(
                    model_name='countrynote',
                    name='authority',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='country_notes', to='tenancy.authority', verbose_name='authority'),
                ),
                migrations.DeleteModel(
                    name='Authority',
                ),
            ],
        ),
    ]
