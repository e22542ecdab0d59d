"""The timeline's authority is required, with an index on (authority, status, time) for the statistics."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_timeline_authority"),
    ]

    operations = [
        migrations.AlterField(
            model_name="timelineentry",
            name="authority",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.authority",
            ),
        ),
        migrations.AddIndex(
            model_name="timelineentry",
            index=models.Index(fields=["authority", "new_status", "at"], name="timeline_tenant_status_at"),
        ),
    ]
