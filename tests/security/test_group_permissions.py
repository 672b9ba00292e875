"""What the role groups may do in the admin, as an allow-list: none of it reaches learner data.

The access matrix (test_access_matrix.py) shows editors being refused the users listing; this
test says why, and fails when a migration or setup step grants a group anything new.
"""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

CONTENT = {
    "lessons.add_audioclip",
    "lessons.add_glossaryterm",
    "lessons.change_audioclip",
    "lessons.change_glossaryterm",
    "lessons.delete_audioclip",
    "lessons.delete_glossaryterm",
    "lessons.view_audioclip",
    "lessons.view_glossaryterm",
    "wagtail_localize.submit_translation",
    "wagtailadmin.access_admin",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
}
ALLOWED = {"Editors": CONTENT, "Moderators": CONTENT, "Learners": set(), "Tutors": set()}
# Apps whose models hold people or what they did: no role group may touch them in the admin.
PERSONAL_APPS = {"accounts", "auth", "progress", "wagtailusers", "otp_totp", "otp_static", "sessions"}


def _permissions(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_role_groups_hold_only_the_allowed_permissions(name):
    extra = _permissions(Group.objects.get(name=name)) - ALLOWED[name]
    assert not extra, f"{name} has permissions beyond the allow-list in {__name__}: {sorted(extra)}"


def test_no_role_group_may_touch_personal_data():
    for group in Group.objects.all():
        personal = {perm for perm in _permissions(group) if perm.split(".")[0] in PERSONAL_APPS}
        assert not personal, (group.name, sorted(personal))


def test_learners_and_tutors_cannot_use_the_admin():
    for name in ("Learners", "Tutors"):
        assert "wagtailadmin.access_admin" not in _permissions(Group.objects.get(name=name))
