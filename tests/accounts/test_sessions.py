"""Sessions: a new key at sign-in, gone at sign-out, short lives, and pages for signed-in people never cached."""

import pytest

from accounts.models import Session
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, user, **extra):
    return client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD, **extra})


def test_sign_in_gets_a_new_session_key_and_sign_out_ends_it(client, learner):
    client.get("/en/")
    client.cookies["sessionid"] = "x" * 32  # a key planted before sign-in is not kept
    log_in(client, learner)
    key = client.session.session_key
    assert key and key != "x" * 32
    assert Session.objects.filter(session_key=key).exists()
    client.post("/en/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_sessions_end_with_the_browser_by_default(client, learner):
    log_in(client, learner)
    assert client.session.get_expire_at_browser_close()


def test_learners_may_stay_signed_in_for_30_days(client, learner):
    log_in(client, learner, remember="on")
    assert client.session.get_expiry_age() == 60 * 60 * 24 * 30
    assert not client.session.get_expire_at_browser_close()


@pytest.mark.parametrize("groups", [["Tutors"], ["Editors"], ["Learners", "Tutors"]])
def test_tutors_and_editors_never_stay_longer_than_12_hours(client, groups):
    user = UserFactory(groups=groups)
    log_in(client, user, remember="on")
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 60 * 60 * 12


def test_admin_remember_me_is_capped_at_12_hours(client, editor):
    client.post("/admin/login/", {"username": editor.username, "password": PASSWORD, "remember": "on"})
    assert "_auth_user_id" in client.session
    assert client.session.get_expiry_age() <= 60 * 60 * 12


@pytest.mark.parametrize("path", ["/en/", "/en/learning/", "/ko/courses/", "/en/accounts/"])
def test_pages_for_signed_in_people_are_not_stored(client, learner, path):
    client.force_login(learner)
    response = client.get(path)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get("/en/courses/").get("Cache-Control", "")
