"""Create the Learners and Tutors groups.

Editors and Moderators, with their page, image, document and translation
permissions, come from Wagtail's and wagtail-localize's own migrations, which
run first; this migration makes sure Editors exists even if someone removed it.
"""

from django.db import migrations

ROLE_GROUPS = ["Learners", "Tutors", "Editors"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Learners", "Tutors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_user"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
