"""The content type (admin log, permissions) of Authority follows it to tenancy."""

from django.db import migrations


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tenancy", model="authority").exists():
        ContentType.objects.filter(app_label="directory", model="authority").update(app_label="tenancy")


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="directory", model="authority").exists():
        ContentType.objects.filter(app_label="tenancy", model="authority").update(app_label="directory")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("tenancy", "0001_initial"),
        ("directory", "0003_authority_in_tenancy"),
    ]

    operations = [migrations.RunPython(forward, backward)]
