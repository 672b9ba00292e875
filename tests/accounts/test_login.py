"""Sign in, sign out, password change, and throttling of failed sign-ins."""

import pytest
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, username, password, language="en", address="10.1.2.3", **extra):
    return client.post(
        f"/{language}/accounts/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


def test_log_in_and_out(client, learner):
    response = login(client, learner.username, PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == learner.pk
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in client.get(response["Location"], follow=True).content.decode()


def test_logout_needs_post(client, learner):
    client.force_login(learner)
    assert client.get("/en/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session


def test_login_goes_to_next(client, learner):
    response = login(client, learner.username, PASSWORD, next="/en/learning/")
    assert response["Location"] == "/en/learning/"


def test_login_switches_to_the_language_the_user_chose(client):
    user = UserFactory(language="ko")
    response = login(client, user.username, PASSWORD, next="/en/learning/")
    assert response["Location"] == "/ko/learning/"
    assert response.cookies["enok_language"].value == "ko"


def test_wrong_password_gets_a_message_in_korean(client, learner):
    response = login(client, learner.username, "wrong", language="ko")
    assert response.status_code == 200
    assert "올바른 사용자 이름" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_out_that_username_from_that_address(client, learner):
    for _ in range(5):
        assert login(client, learner.username, "wrong").status_code == 200
    response = login(client, learner.username, PASSWORD)
    assert response.status_code == 200
    assert "please wait 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_message_in_korean(client, learner):
    for _ in range(5):
        login(client, learner.username, "wrong", language="ko")
    html = login(client, learner.username, PASSWORD, language="ko").content.decode()
    assert "15분" in html


def test_lockout_is_per_username_and_address(client, learner):
    other = UserFactory()
    for _ in range(5):
        login(client, learner.username, "wrong")
    assert login(client, other.username, PASSWORD).status_code == 302  # another username
    client.logout()
    assert login(client, learner.username, PASSWORD, address="10.9.9.9").status_code == 302  # another address


def test_lockout_ignores_username_case(client, learner):
    for _ in range(5):
        login(client, learner.username.upper(), "wrong")
    assert login(client, learner.username, PASSWORD).status_code == 200


def test_four_failures_then_success_resets_the_count(client, learner):
    for _ in range(4):
        login(client, learner.username, "wrong")
    assert login(client, learner.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, learner.username, "wrong")
    assert login(client, learner.username, PASSWORD).status_code == 302


def test_lockout_ends_with_the_window(client, learner):
    from datetime import timedelta

    from django.core.cache import cache

    with override_settings(LOGIN_FAILURE_WINDOW=timedelta(seconds=1)):
        for _ in range(5):
            login(client, learner.username, "wrong")
        assert login(client, learner.username, PASSWORD).status_code == 200
        cache.clear()  # what the cache does when the window's timeout passes
        assert login(client, learner.username, PASSWORD).status_code == 302


def test_admin_login_is_throttled_too(client, editor):
    for _ in range(5):
        client.post("/admin/login/", {"username": editor.username, "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "please wait 15 minutes" in response.content.decode()


def test_password_change(client, learner):
    client.force_login(learner)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "fresh-Meadow-2026", "new_password2": "fresh-Meadow-2026"},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("fresh-Meadow-2026")


def test_password_change_needs_login(client):
    response = client.get("/en/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
