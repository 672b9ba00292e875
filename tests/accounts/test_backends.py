"""Each request's user is loaded with its two-factor and tutor flags in one query (accounts/backends.py)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles, two_factor
from accounts.backends import AccountBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_both_flags_in_one_query():
    tutor = UserFactory(groups=["Tutors"])
    TOTPDevice.objects.create(user=tutor, name="app", confirmed=True)
    with CaptureQueriesContext(connection) as captured:
        loaded = AccountBackend().get_user(tutor.pk)
        assert roles.is_tutor(loaded) is True
        assert two_factor.had_two_factor_when_loaded(loaded) is True
    assert len(captured) == 1


def test_flags_are_false_for_a_plain_learner_and_an_unconfirmed_device():
    learner = UserFactory(groups=["Learners"])
    TOTPDevice.objects.create(user=learner, name="app", confirmed=False)
    loaded = AccountBackend().get_user(learner.pk)
    assert roles.is_tutor(loaded) is False
    assert two_factor.had_two_factor_when_loaded(loaded) is False


def test_inactive_and_missing_users_are_not_loaded():
    assert AccountBackend().get_user(UserFactory(is_active=False).pk) is None
    assert AccountBackend().get_user(987654) is None


def test_a_tutor_taken_out_of_tutors_loses_the_link_on_the_next_request(client):
    tutor = UserFactory(groups=["Tutors"])
    client.force_login(tutor)
    assert "/en/tutor/" in client.get("/en/").content.decode()
    tutor.groups.remove(Group.objects.get(name="Tutors"))
    assert "/en/tutor/" not in client.get("/en/").content.decode()
    assert client.get("/en/tutor/").status_code == 403


def test_a_session_signed_in_without_a_code_ends_once_the_account_has_an_app(client):
    editor = UserFactory(groups=["Editors"])
    client.force_login(editor)
    assert client.get("/en/").status_code == 200
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    response = client.get("/en/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
