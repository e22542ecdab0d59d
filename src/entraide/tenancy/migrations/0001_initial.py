"""Authority moves from the directory to tenancy: the model changes app, the table stays
(``directory_authority``), so the database is not touched (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reference', '0001_initial'),
        ('directory', '0002_directory_networks_contacts'),
    ]

    operations = [
      migrations.SeparateDatabaseAndState(
       database_operations=[],
       state_operations=[
        migrations.CreateModel(
            name='Authority',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_verified_on', models.DateField(blank=True, null=True, verbose_name='last verified on')),
                ('last_verified_by', models.CharField(blank=True, max_length=200, verbose_name='last verified by')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('names', models.JSONField(blank=True, default=dict, help_text='Language code to name, e.g. {"fr": "Bureau du procureur"}.', verbose_name='names in other languages')),
                ('kind', models.CharField(choices=[('central', 'Central authority'), ('prosecution', 'Prosecution service'), ('court', 'Court'), ('police', 'Police'), ('fiu', 'Financial intelligence unit'), ('aro', 'Asset recovery office'), ('foreign-affairs', 'Ministry of foreign affairs')], max_length=20, verbose_name='kind')),
                ('channels', models.JSONField(blank=True, default=list, help_text='Codes: direct, diplomatic, interpol, email, secure-exchange.', verbose_name='channels accepted')),
                ('urgent_procedure', models.TextField(blank=True, verbose_name='urgent requests')),
                ('available_24_7', models.BooleanField(blank=True, help_text='Empty: unknown.', null=True, verbose_name='available 24/7')),
                ('office_hours', models.CharField(blank=True, max_length=200, verbose_name='office hours')),
                ('time_zone', models.CharField(blank=True, max_length=64, verbose_name='time zone')),
                ('address', models.TextField(blank=True, verbose_name='address')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('telephone', models.CharField(blank=True, max_length=100, verbose_name='telephone')),
                ('exchange_peer', models.CharField(blank=True, help_text='The Entraide node this authority can be reached at (filled by the exchange).', max_length=200, verbose_name='exchange peer')),
                ('source', models.TextField(blank=True, help_text='Where these details come from.', verbose_name='source')),
                ('is_demo', models.BooleanField(default=False, help_text='Fictitious, created for demonstration.', verbose_name='demo')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='authorities', to='reference.jurisdiction', verbose_name='jurisdiction')),
                ('languages', models.ManyToManyField(blank=True, related_name='+', to='reference.language', verbose_name='languages accepted')),
            ],
            options={
                'verbose_name': 'authority',
                'verbose_name_plural': 'authorities',
                'db_table': 'directory_authority',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'name'), name='authority_unique_name')],
            },
        ),
           ],
      ),
    ]
