"""The demo loader: idempotent, and only under development settings."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page

from core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sample_curriculum(tmp_path, settings):
    """The loader's own behaviour is tested with one small course (the real files have their own tests)."""
    from tests.lessons.test_curriculum import SAMPLE

    (tmp_path / "sample.toml").write_text(SAMPLE.replace('["Deposit"]', '["deposit"]'), encoding="utf-8")
    settings.CURRICULUM_COURSES_DIR = tmp_path


def test_creates_the_demo_accounts_in_their_roles(capsys):
    call_command("load_initial_data")
    out = capsys.readouterr().out
    User = get_user_model()
    roles = {u.username: set(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert roles == {"learner": {"Learners"}, "tutor": {"Tutors"}, "editor": {"Editors"}, "admin": set()}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").is_staff
    assert all(u.check_password(DEMO_PASSWORD) for u in User.objects.all())
    for name in ["learner", "tutor", "editor", "admin", DEMO_PASSWORD]:
        assert name in out


def test_loads_the_courses_in_english_and_korean(capsys):
    call_command("load_initial_data")
    assert Page.objects.filter(slug="first-lesson").count() == 2
    assert "3 pages created" in capsys.readouterr().out


def test_second_run_adds_nothing(capsys):
    call_command("load_initial_data")
    counts = get_user_model().objects.count(), Page.objects.count()
    call_command("load_initial_data")
    assert (get_user_model().objects.count(), Page.objects.count()) == counts
    out = capsys.readouterr().out
    assert "nothing added" in out and "0 pages created, 0 updated, 0 translated" in out


def test_force_restores_pages_from_the_files(capsys):
    call_command("load_initial_data")
    page = Page.objects.get(slug="sample-course", locale__language_code="en").specific
    page.title = "Changed"
    page.save_revision().publish()
    call_command("load_initial_data", "--force")
    page.refresh_from_db()
    assert page.title == "Sample course"


def test_second_run_keeps_a_changed_password():
    call_command("load_initial_data")
    user = get_user_model().objects.get(username="learner")
    user.set_password("a-changed-password-77")
    user.save()
    call_command("load_initial_data")
    user.refresh_from_db()
    assert user.check_password("a-changed-password-77")


@override_settings(DEMO_DATA_ALLOWED=False)
def test_refuses_under_production_settings():
    with pytest.raises(CommandError, match="development settings"):
        call_command("load_initial_data")
    assert not get_user_model().objects.exists()


def test_setup_site_command_creates_no_accounts(capsys):
    call_command("setup_site")
    assert "Site ready" in capsys.readouterr().out
    assert not get_user_model().objects.exists()
