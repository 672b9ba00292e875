"""Idle timeouts (accounts/idle.py): each role is signed out after its idle limit, staff after 12 hours in all."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.idle import LAST_ACTIVITY_KEY, SIGNED_IN_AT_KEY
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

IDLE_MESSAGE = "You were signed out after a period of inactivity. Please sign in again."
TOO_LONG_MESSAGE = "You had been signed in for a long time, so you were signed out for your safety."
PRIVATE_PAGE = "/en/accounts/"


class Clock:
    """timezone.now, frozen and moved by hand."""

    def __init__(self):
        self.current = timezone.now()

    def __call__(self):
        return self.current

    def advance(self, **delta):
        self.current += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def sign_in(client, user, remember=False):
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    assert client.post("/en/accounts/login/", data).status_code == 302
    assert client.get(PRIVATE_PAGE).status_code == 200  # the first request after sign-in starts the clocks


def signed_in(client):
    return client.get(PRIVATE_PAGE).status_code == 200


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


ROLES = {
    # role: (user factory arguments, ask to stay signed in, idle limit)
    "learner": ({"groups": ["Learners"]}, False, timedelta(hours=2)),
    "remembered learner": ({"groups": ["Learners"]}, True, timedelta(days=14)),
    "tutor": ({"groups": ["Tutors"]}, True, timedelta(hours=1)),
    "editor": ({"groups": ["Editors"], "is_staff": True}, True, timedelta(hours=1)),
    "learner and tutor": ({"groups": ["Learners", "Tutors"]}, True, timedelta(hours=1)),
    "superuser": ({"is_staff": True, "is_superuser": True}, False, timedelta(hours=1)),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_stays_signed_in_just_under_its_idle_limit(client, clock, role):
    factory_args, remember, limit = ROLES[role]
    sign_in(client, UserFactory(**factory_args), remember)
    clock.advance(seconds=limit.total_seconds() - 60)
    assert signed_in(client)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_signed_out_after_its_idle_limit(client, clock, role):
    factory_args, remember, limit = ROLES[role]
    sign_in(client, UserFactory(**factory_args), remember)
    clock.advance(seconds=limit.total_seconds() + 1)
    response = client.get(PRIVATE_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/")
    assert "_auth_user_id" not in client.session
    assert IDLE_MESSAGE in messages_of(response)


def test_activity_within_the_limit_keeps_a_learner_signed_in(client, clock, learner):
    sign_in(client, learner)
    for _step in range(5):  # 7.5 hours in all, never 2 hours idle
        clock.advance(minutes=90)
        assert signed_in(client)


@pytest.mark.parametrize("role", ["tutor", "editor", "superuser"])
def test_staff_are_signed_out_after_12_hours_however_active(client, clock, role):
    factory_args, remember, _limit = ROLES[role]
    sign_in(client, UserFactory(**factory_args), remember)
    for _step in range(23):  # a request every 30 minutes: 11.5 hours
        clock.advance(minutes=30)
        assert signed_in(client)
    clock.advance(minutes=30)
    response = client.get(PRIVATE_PAGE)
    assert response.status_code == 302
    assert TOO_LONG_MESSAGE in messages_of(response)


def test_remembered_learners_are_signed_out_after_30_days_however_active(client, clock, learner):
    sign_in(client, learner, remember=True)
    for _step in range(29):
        clock.advance(days=1)
        assert signed_in(client)
    clock.advance(days=1)
    assert not signed_in(client)


def test_the_message_shows_on_the_sign_in_page(client, clock, learner):
    sign_in(client, learner)
    clock.advance(hours=3)
    response = client.get("/en/learning/", follow=True)
    assert response.request["PATH_INFO"] == "/en/accounts/login/"
    assert IDLE_MESSAGE in response.content.decode()


def test_the_message_is_in_the_language_of_the_page(client, clock, learner):
    sign_in(client, learner)
    clock.advance(hours=3)
    response = client.get("/ko/accounts/")
    assert response["Location"].startswith("/ko/accounts/login/")
    with translation.override("ko"):
        assert messages_of(response) == [gettext(IDLE_MESSAGE)]


def test_the_wagtail_admin_is_covered(client, clock, editor):
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200
    clock.advance(minutes=61)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "next=/admin/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_background_requests_are_not_redirected_but_signed_out(client, clock, learner):
    sign_in(client, learner)
    clock.advance(hours=3)
    response = client.get(PRIVATE_PAGE, headers={"Sec-Fetch-Mode": "cors"})
    assert response.status_code == 302  # the page's own answer to a visitor: sign in first
    assert "_auth_user_id" not in client.session
    assert client.post("/en/accounts/logout/").status_code == 302


def test_last_activity_is_written_at_most_once_a_minute(client, clock, learner):
    sign_in(client, learner)
    first = client.session[LAST_ACTIVITY_KEY]
    clock.advance(seconds=30)
    assert signed_in(client)
    assert client.session[LAST_ACTIVITY_KEY] == first
    clock.advance(seconds=31)
    assert signed_in(client)
    assert client.session[LAST_ACTIVITY_KEY] == first + 61
    assert client.session[SIGNED_IN_AT_KEY] == first


def test_visitors_are_left_alone(client, clock):
    clock.advance(days=365)
    response = client.get("/en/")
    assert response.status_code == 200
    assert LAST_ACTIVITY_KEY not in client.session


@override_settings(SESSION_IDLE_TIMEOUT=timedelta(minutes=10))
def test_the_learner_limit_comes_from_the_settings(client, clock, learner):
    sign_in(client, learner)
    clock.advance(minutes=11)
    assert not signed_in(client)
