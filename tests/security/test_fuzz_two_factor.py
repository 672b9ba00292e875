"""Fuzzed posts to two-factor sign-in: the code step, set-up, new recovery codes and turning it off.

Each test sends 200 hypothesis examples under /en/ and /ko/. Among the nasty
values the right code (from the app, or a recovery code) is drawn too, so
both the refusal and the success paths run. A refused code changes no device
or token; an accepted one changes exactly those it should. The list of
endpoints lives in test_fuzz_forms.py.
"""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given

from accounts import two_factor
from tests.accounts.test_two_factor import code_for, with_two_factor
from tests.factories import PASSWORD, UserFactory

from .fuzz_harness import (
    FUZZ,
    assert_changed,
    assert_message_in_language,
    assert_redirect_with_message,
    assert_refused_with_form_errors,
    assert_unchanged,
    example,
    row_counts,
    sent_messages,
)
from .strategies import LANGUAGES, field, form, values_of

pytestmark = pytest.mark.django_db

RIGHT = "<the right code>"
RECOVERY = "<a recovery code>"
CODE = field(RIGHT, RECOVERY, "000000", "12345", "１２３４５６", "١٢٣٤٥٦", "²²²²²²")
N = two_factor.RECOVERY_CODE_COUNT


def filled(data, device, codes):
    """The post with the placeholders replaced by the right code of the moment and a recovery code."""

    def fill(value):
        if value == RIGHT:
            return code_for(device)
        if value == RECOVERY:
            return codes[0]
        return value

    return {name: [fill(v) for v in value] if isinstance(value, list) else fill(value) for name, value in data.items()}


def single(data, name):
    values = values_of(data, name)
    return values[0] if len(values) == 1 else None


@pytest.fixture
def enabled(db):
    """A tutor with two-factor sign-in on, signed in: (client, user, device, recovery codes)."""
    user = UserFactory(groups=["Tutors"])
    device, codes = with_two_factor(user)
    client = Client()
    client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    response = client.post("/en/accounts/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)
    return client, user, device, codes


@pytest.fixture
def setting_up(db):
    """A signed-in tutor on the set-up page (the device exists, unconfirmed): (client, device)."""
    user = UserFactory(groups=["Tutors"])
    client = Client()
    client.force_login(user)
    return client, two_factor.unconfirmed_device(user, create=True)


@FUZZ
@given(data=form(code=CODE), language=LANGUAGES)
def test_set_up_two_factor(setting_up, data, language):
    client, device = setting_up
    posted = filled(data, device, ["no-recovery-codes-yet"])
    with example(client):
        before = row_counts()
        response = client.post(f"/{language}/accounts/two-factor/", posted)
        after = row_counts()
        assert "no-store" in response["Cache-Control"]
        if "codes" in (response.context or {}):
            assert_changed(before, after, {"otp_static.StaticDevice": 1, "otp_static.StaticToken": N})
            assert TOTPDevice.objects.get(pk=device.pk).confirmed
            for text_ in sent_messages(response):
                assert_message_in_language(text_, language)
        else:
            assert single(data, "code") != RIGHT, "the right code was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)
            assert not TOTPDevice.objects.get(pk=device.pk).confirmed


@FUZZ
@given(data=form(code=CODE, password=field(PASSWORD)), language=LANGUAGES)
def test_turn_two_factor_off(enabled, data, language):
    client, user, device, codes = enabled
    posted = filled(data, device, codes)
    with example(client):
        before = row_counts()
        response = client.post(f"/{language}/accounts/two-factor/turn-off/", posted)
        after = row_counts()
        if response.status_code == 302:
            assert response["Location"] == f"/{language}/accounts/"
            assert_redirect_with_message(response, language)
            exact = {"otp_totp.TOTPDevice": -1, "otp_static.StaticDevice": -1}
            assert_changed(before, after, exact, may_change=("otp_static.StaticToken",))
            assert not two_factor.has_two_factor(user)
        else:
            code, password = values_of(data, "code"), values_of(data, "password")
            good = (single(data, "code") in (RIGHT, RECOVERY) and password in ([], [PASSWORD])) or (
                single(data, "password") == PASSWORD and code in ([], [RIGHT], [RECOVERY])
            )
            assert not good, "turning off with the right code or password was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


@FUZZ
@given(data=form(code=CODE), language=LANGUAGES)
def test_new_recovery_codes(enabled, data, language):
    client, user, device, codes = enabled
    posted = filled(data, device, codes)
    with example(client):
        before = row_counts()
        response = client.post(f"/{language}/accounts/two-factor/recovery-codes/", posted)
        after = row_counts()
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"] and len(response.context["codes"]) == N
            assert_changed(before, after, {}, may_change=("otp_static.StaticToken",))
            assert StaticToken.objects.filter(device__user=user).count() == N
            assert not StaticToken.objects.filter(device__user=user, token=codes[1]).exists()
        else:
            assert single(data, "code") not in (RIGHT, RECOVERY), "the right code was refused"
            assert response["Location"] == f"/{language}/accounts/two-factor/"
            assert_redirect_with_message(response, language)
            assert_unchanged(before, after)


@pytest.fixture
def halfway(db):
    """A tutor with two-factor sign-in who typed the right password: (client, user, device, codes)."""
    user = UserFactory(groups=["Tutors"])
    device, codes = with_two_factor(user)
    client = Client()
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/login/code/"
    return client, user, device, codes


@FUZZ
@given(data=form(code=CODE), language=LANGUAGES)
def test_sign_in_code(halfway, data, language):
    client, user, device, codes = halfway
    posted = filled(data, device, codes)
    with example(client):
        before = row_counts()
        response = client.post(f"/{language}/accounts/login/code/", posted)
        after = row_counts()
        signed_in = client.session.get("_auth_user_id") == str(user.pk)
        if signed_in:
            assert response.status_code == 302
            assert_changed(before, after, {}, may_change=("otp_static.StaticToken",))
            if values_of(data, "code")[-1] == RECOVERY:
                assert after["otp_static.StaticToken"] == before["otp_static.StaticToken"] - 1
        else:
            assert single(data, "code") not in (RIGHT, RECOVERY), "the right code was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)
