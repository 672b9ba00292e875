"""Browser journey: a tutor sets up two-factor sign-in on a phone, then signs in with a code.

The set-up page's QR code is inline SVG and must pass the strict
Content-Security-Policy; the secret is read from the page as a person would
type it into an app, and the codes are made from it with django-otp's TOTP.
"""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def code_from(secret_text, offset=0):
    key = b32decode(secret_text.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_tutor_sets_up_two_factor_and_signs_in_with_a_code(phone_page, site_url, screenshot):
    page = phone_page
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tutor = UserFactory(username="tutor2fa", groups=["Tutors"])

    page.goto(site_url + "/en/accounts/login/")
    page.get_by_label("Username").fill(tutor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(site_url + "/en/accounts/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()

    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 200 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    secret = page.locator(".secret-key code").inner_text()
    assert len(secret.split()) == 8 and all(len(group) == 4 for group in secret.split())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "two-factor-setup-phone")

    page.get_by_label("Code from the app").fill(code_from(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-phone")

    page.context.clear_cookies()  # a new visit: signed out
    page.goto(site_url + "/en/accounts/login/")
    page.get_by_label("Username").fill(tutor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Sign-in code")).to_be_visible()
    screenshot(page, "two-factor-sign-in-phone")
    page.get_by_label("Code").fill(code_from(secret, offset=30))  # the next code: the first one was used
    page.get_by_role("button", name="Sign in").click()
    page.goto(site_url + "/en/accounts/two-factor/")
    expect(page.get_by_role("heading", name="Two-factor sign-in", exact=True)).to_be_visible()
    screenshot(page, "two-factor-manage-phone")
    assert not [text for text in problems if "Content Security Policy" in text], problems
