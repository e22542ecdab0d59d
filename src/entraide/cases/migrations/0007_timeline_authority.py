"""Each timeline row keeps its request's authority, filled from the requests (0008 then makes
it required: on PostgreSQL the fill's foreign-key checks must be done before the table is altered)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = (
    "UPDATE cases_timelineentry SET authority_id = "
    "(SELECT r.authority_id FROM cases_request r WHERE r.id = cases_timelineentry.request_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_document_generated"),
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineentry",
            name="authority",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.authority",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
