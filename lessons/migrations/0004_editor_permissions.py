"""Let Editors and Moderators manage glossary terms and audio clips."""

from django.db import migrations


def grant(apps, schema_editor):
    from lessons.permissions import grant_editor_permissions

    grant_editor_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0003_bulk_loading_chooser_blocks"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
