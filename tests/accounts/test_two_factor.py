"""Two-factor sign-in (TOTP with recovery codes) for tutors, editors and administrators.

Codes are computed with django-otp's own TOTP class from the device's key,
as an authenticator app would.
"""

import re

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "10.9.8.7"


def code_for(device):
    """The code the app shows now. Earlier codes are forgotten, so one test can sign in twice."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    right = int(code_for(device))
    return f"{(right + 500000) % 1000000:06d}"


def with_two_factor(user):
    """Give `user` a confirmed authenticator device and recovery codes; return (device, codes)."""
    device = two_factor.unconfirmed_device(user, create=True)
    codes = two_factor.confirm_device(device)
    return device, codes


def password_step(client, user, language="en", **extra):
    return client.post(
        f"/{language}/accounts/login/",
        {"username": user.username, "password": PASSWORD, **extra},
        REMOTE_ADDR=ADDRESS,
    )


def code_step(client, code, language="en"):
    return client.post(f"/{language}/accounts/login/code/", {"code": code}, REMOTE_ADDR=ADDRESS)


def signed_in_id(client):
    return client.session.get("_auth_user_id")


# Set-up


def test_set_up_page_shows_a_qr_code_and_the_secret_in_groups_of_four(client, tutor):
    client.force_login(tutor)
    response = client.get("/en/accounts/two-factor/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=tutor)
    assert not device.confirmed
    assert re.search(r'<svg class="qr-code" role="img"[^>]*viewBox="0 0 \d+ \d+"', html)
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    secret = two_factor.secret_text(device)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{1,4}", secret)
    assert secret in html
    # Reloading keeps the same secret (the app may already hold it).
    client.get("/en/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=tutor).count() == 1


def test_qr_code_encodes_the_otpauth_address_and_has_no_style_attribute():
    svg = str(two_factor.qr_code_svg("otpauth://totp/ENoK%20Learn:t?secret=ABC", "QR"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "style=" not in svg and "<script" not in svg
    assert re.fullmatch(r"[Mhvz0-9 -]+", re.search(r' d="([^"]+)"', svg).group(1))


def test_set_up_with_a_wrong_code_turns_nothing_on(client, tutor):
    client.force_login(tutor)
    client.get("/en/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=tutor)
    response = client.post("/en/accounts/two-factor/", {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert not TOTPDevice.objects.get(user=tutor).confirmed
    assert not StaticDevice.objects.filter(user=tutor).exists()
    assert not two_factor.has_two_factor(tutor)


def test_set_up_with_the_right_code_turns_it_on_and_shows_recovery_codes_once(client, tutor):
    client.force_login(tutor)
    client.get("/en/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=tutor)
    response = client.post("/en/accounts/two-factor/", {"code": code_for(device)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    codes = list(StaticToken.objects.filter(device__user=tutor).values_list("token", flat=True))
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert all(code in html for code in codes)
    assert two_factor.has_two_factor(tutor)
    # This session stays signed in and counts as verified; the codes are not shown again.
    html = client.get("/en/accounts/two-factor/").content.decode()
    assert "Two-factor sign-in is on." in html
    assert not any(code in html for code in codes)


def test_settings_page_offers_two_factor_to_tutors_only(client, tutor, learner):
    client.force_login(tutor)
    assert "/en/accounts/two-factor/" in client.get("/en/accounts/").content.decode()
    client.force_login(learner)
    assert "/en/accounts/two-factor/" not in client.get("/en/accounts/").content.decode()


# Signing in


def test_sign_in_without_two_factor_is_one_step(client, tutor):
    response = password_step(client, tutor)
    assert response.status_code == 302 and "/login/code/" not in response["Location"]
    assert int(signed_in_id(client)) == tutor.pk


def test_sign_in_asks_for_the_code_and_signs_in_only_when_it_is_right(client, tutor):
    device, _codes = with_two_factor(tutor)
    response = password_step(client, tutor, next="/en/tutor/")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login/code/"
    assert signed_in_id(client) is None
    # Half-way, no page for signed-in people opens.
    assert client.get("/en/accounts/").status_code == 302
    assert signed_in_id(client) is None
    assert "type the code it shows for ENoK Learn" in client.get("/en/accounts/login/code/").content.decode()
    key_before = client.session.session_key

    response = code_step(client, code_for(device))
    assert response.status_code == 302 and response["Location"] == "/en/tutor/"
    assert int(signed_in_id(client)) == tutor.pk
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.session.session_key != key_before
    assert client.get("/en/accounts/").status_code == 200


def test_a_wrong_code_signs_nobody_in(client, tutor):
    device, _codes = with_two_factor(tutor)
    password_step(client, tutor)
    response = code_step(client, wrong_code(device))
    assert response.status_code == 200
    assert "That code is not right, or came too soon" in response.content.decode()
    assert signed_in_id(client) is None
    response = code_step(client, "")
    assert "Please type the code from your app." in response.content.decode()
    assert signed_in_id(client) is None


def test_code_step_without_a_password_first_goes_back_to_sign_in(client, tutor):
    device, _codes = with_two_factor(tutor)
    response = code_step(client, code_for(device))
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login/"
    assert signed_in_id(client) is None


@override_settings(TWO_FACTOR_PENDING_MINUTES=0)
def test_a_pending_sign_in_expires(client, tutor):
    device, _codes = with_two_factor(tutor)
    password_step(client, tutor)
    response = code_step(client, code_for(device))
    assert response["Location"] == "/en/accounts/login/"
    assert signed_in_id(client) is None


def test_wrong_codes_are_throttled_and_a_right_password_does_not_reset_the_count(client, tutor):
    device, _codes = with_two_factor(tutor)
    password_step(client, tutor)
    for _ in range(4):
        assert code_step(client, wrong_code(device)).status_code == 200
    # Typing the password again must not give five more guesses: the fifth wrong code locks out.
    password_step(client, tutor)
    response = code_step(client, wrong_code(device))
    assert response.status_code == 302 and response["Location"] == "/en/accounts/login/"
    assert signed_in_id(client) is None
    assert "please wait 15 minutes" in client.get("/en/accounts/login/").content.decode()
    # Still locked after a fresh password: the right code is refused until the window ends.
    password_step(client, tutor)
    response = code_step(client, code_for(device))
    assert signed_in_id(client) is None


def test_a_recovery_code_works_once(client, tutor):
    _device, codes = with_two_factor(tutor)
    password_step(client, tutor)
    response = code_step(client, codes[0].upper())
    assert response.status_code == 302
    assert int(signed_in_id(client)) == tutor.pk
    assert StaticToken.objects.filter(device__user=tutor).count() == two_factor.RECOVERY_CODE_COUNT - 1
    client.post("/en/accounts/logout/")

    password_step(client, tutor)
    response = code_step(client, codes[0])
    assert response.status_code == 200 and signed_in_id(client) is None
    StaticDevice.objects.filter(user=tutor).update(throttling_failure_count=0)  # django-otp's own pause after a miss
    response = code_step(client, codes[1])
    assert response.status_code == 302 and int(signed_in_id(client)) == tutor.pk


def test_a_session_signed_in_without_the_code_is_ended(client, tutor):
    with_two_factor(tutor)
    client.force_login(tutor)  # as if signed in before two-factor sign-in was turned on
    response = client.get("/en/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert signed_in_id(client) is None


# Wagtail's admin


def test_admin_refuses_an_unverified_staff_session(client, editor):
    with_two_factor(editor)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/" not in response["Location"].split("?")[0]
    assert signed_in_id(client) is None
    assert client.get("/admin/pages/").status_code == 302


def test_admin_sign_in_asks_for_the_code_too(client, editor):
    device, _codes = with_two_factor(editor)
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"].endswith("/accounts/login/code/")
    assert signed_in_id(client) is None
    assert client.get("/admin/").status_code == 302
    response = code_step(client, code_for(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_sign_in_without_two_factor_still_works(client, editor):
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302 and int(signed_in_id(client)) == editor.pk
    assert client.get("/admin/").status_code == 200


# Required mode


@override_settings(REQUIRE_TWO_FACTOR_FOR_STAFF=True)
@pytest.mark.parametrize("path", ["/en/tutor/", "/admin/", "/en/accounts/", "/en/"])
def test_required_mode_sends_staff_without_it_to_set_up(client, path):
    for user in [
        UserFactory(groups=["Tutors"]),
        UserFactory(groups=["Editors"], is_staff=True),
        UserFactory(is_superuser=True, is_staff=True),
    ]:
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/en/accounts/two-factor/", user
        assert client.get("/en/accounts/two-factor/").status_code == 200


@override_settings(REQUIRE_TWO_FACTOR_FOR_STAFF=True)
def test_required_mode_never_stops_learners(client, learner):
    client.force_login(learner)
    for path in ["/en/", "/en/learning/", "/en/accounts/"]:
        assert client.get(path).status_code == 200, path


@override_settings(REQUIRE_TWO_FACTOR_FOR_STAFF=True)
def test_required_mode_lets_staff_in_once_it_is_set_up(client, tutor):
    device, _codes = with_two_factor(tutor)
    password_step(client, tutor)
    code_step(client, code_for(device))
    assert client.get("/en/tutor/").status_code == 200


# Who may see the pages


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/en/accounts/two-factor/"),
        ("post", "/en/accounts/two-factor/"),
        ("post", "/en/accounts/two-factor/recovery-codes/"),
        ("post", "/en/accounts/two-factor/turn-off/"),
    ],
)
def test_learners_never_see_the_two_factor_pages(client, learner, method, path):
    client.force_login(learner)
    assert getattr(client, method)(path, {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=learner).exists()


@pytest.mark.parametrize("path", ["/en/accounts/two-factor/", "/en/accounts/two-factor/turn-off/"])
def test_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path) if path.endswith("two-factor/") else client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


# Turning off and new recovery codes


def signed_in_with_two_factor(client, user):
    device, codes = with_two_factor(user)
    password_step(client, user)
    code_step(client, code_for(device))
    assert int(signed_in_id(client)) == user.pk
    return device, codes


def test_turning_off_needs_a_current_code_or_the_password(client, tutor):
    device, _codes = signed_in_with_two_factor(client, tutor)
    response = client.post("/en/accounts/two-factor/turn-off/", {"code": wrong_code(device)}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200 and "Two-factor sign-in is still on." in response.content.decode()
    response = client.post("/en/accounts/two-factor/turn-off/", {"password": "wrong"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200 and two_factor.has_two_factor(tutor)
    response = client.post("/en/accounts/two-factor/turn-off/", {}, REMOTE_ADDR=ADDRESS)
    assert "Please type a current code or your password." in response.content.decode()
    assert two_factor.has_two_factor(tutor)

    response = client.post("/en/accounts/two-factor/turn-off/", {"password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=tutor).exists()
    assert not StaticDevice.objects.filter(user=tutor).exists()
    # The session stays signed in, and the next sign-in is one step again.
    assert client.get("/en/accounts/").status_code == 200


def test_turning_off_with_a_code(client, editor):
    device, _codes = signed_in_with_two_factor(client, editor)
    response = client.post("/en/accounts/two-factor/turn-off/", {"code": code_for(device)}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and not two_factor.has_two_factor(editor)


def test_a_refused_turn_off_form_uses_up_no_recovery_code(client, tutor):
    """A right recovery code beside a password the form refuses (a NUL): nothing changes, the code still works."""
    _device, codes = signed_in_with_two_factor(client, tutor)
    response = client.post(
        "/en/accounts/two-factor/turn-off/", {"code": codes[0], "password": "\x00"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 200 and two_factor.has_two_factor(tutor)
    assert StaticToken.objects.filter(device__user=tutor, token=codes[0]).exists()


def test_new_recovery_codes_replace_the_old_ones(client, tutor):
    device, old_codes = signed_in_with_two_factor(client, tutor)
    response = client.post("/en/accounts/two-factor/recovery-codes/", {"code": wrong_code(device)}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert sorted(StaticToken.objects.filter(device__user=tutor).values_list("token", flat=True)) == sorted(old_codes)

    response = client.post("/en/accounts/two-factor/recovery-codes/", {"code": code_for(device)}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new_codes = set(StaticToken.objects.filter(device__user=tutor).values_list("token", flat=True))
    assert len(new_codes) == two_factor.RECOVERY_CODE_COUNT and not new_codes & set(old_codes)
    assert all(code in response.content.decode() for code in new_codes)


@pytest.mark.parametrize(
    "path", ["/en/accounts/login/code/", "/en/accounts/two-factor/", "/en/accounts/two-factor/turn-off/"]
)
def test_codes_are_kept_out_of_error_reports(client, tutor, path):
    from django.views.debug import SafeExceptionReporterFilter

    client.force_login(tutor)
    response = client.post(path, {"code": "123456", "password": "secret-words"})
    hidden = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert hidden["code"] != "123456"
    if path.endswith("turn-off/"):
        assert hidden["password"] != "secret-words"


def test_an_administrator_can_give_a_locked_out_person_one_recovery_code(client, tutor):
    from io import StringIO

    from django.core.management import call_command

    with_two_factor(tutor)
    StaticToken.objects.filter(device__user=tutor).delete()  # every recovery code used up, phone lost
    out = StringIO()
    call_command("addstatictoken", tutor.username, stdout=out)
    code = out.getvalue().strip()
    password_step(client, tutor)
    response = code_step(client, code)
    assert response.status_code == 302 and int(signed_in_id(client)) == tutor.pk


def test_after_the_code_the_person_goes_on_in_the_language_they_chose(client):
    user = UserFactory(groups=["Tutors"], language="ko")
    device, _codes = with_two_factor(user)
    response = password_step(client, user, next="/en/learning/")
    assert response["Location"] == "/en/accounts/login/code/"
    response = code_step(client, code_for(device))
    assert response["Location"] == "/ko/learning/"
    assert response.cookies["enok_language"].value == "ko"


def test_a_next_that_is_not_a_path_is_not_followed(client, tutor):
    device, _codes = with_two_factor(tutor)
    password_step(client, tutor, next="https://evil.example/")
    response = code_step(client, code_for(device))
    assert response.status_code == 302 and response["Location"].startswith("/en/")
