"""Authority now lives in tenancy; its table is unchanged, so only the state moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_form_token'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='measure',
                    name='assigned_authority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_measures', to='tenancy.authority', verbose_name='executing authority'),
                ),
                migrations.AlterField(
                    model_name='reminderpolicy',
                    name='authority',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.authority'),
                ),
                migrations.AlterField(
                    model_name='request',
                    name='assigned_authority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_requests', to='tenancy.authority', verbose_name='executing authority'),
                ),
                migrations.AlterField(
                    model_name='request',
                    name='authority',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='tenancy.authority', verbose_name='authority'),
                ),
                migrations.AlterField(
                    model_name='request',
                    name='requested_authority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.authority', verbose_name='requested authority'),
                ),
                migrations.AlterField(
                    model_name='request',
                    name='requesting_authority',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.authority', verbose_name='requesting authority'),
                ),
            ],
        ),
    ]
