"""The demo learner passes a quiz and sees the progress bar on My learning move, in both languages."""

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD, ensure_demo_accounts
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, site_url, language="en"):
    page.goto(f"{site_url}/{language}/accounts/login/")
    page.get_by_label("사용자 이름" if language == "ko" else "Username").fill("learner")
    page.get_by_label("비밀번호" if language == "ko" else "Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="들어가기" if language == "ko" else "Log in").click()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_learner_passes_a_quiz_and_my_learning_moves(phone_page, site_url, screenshot, language):
    ensure_demo_accounts()
    module = make_module(make_course(title="Money basics"))
    first = make_lesson(module, title="Checking accounts", quiz=SAMPLE_QUIZ)
    make_lesson(module, title="Savings accounts", quiz=SAMPLE_QUIZ)
    page = phone_page
    log_in(page, site_url, language)
    expect(page.get_by_role("button", name="나가기" if language == "ko" else "Log out")).to_be_visible()

    page.goto(site_url + first.url.replace("/en/", f"/{language}/", 1))
    page.get_by_label("Checking account").check()
    page.get_by_label("틀림" if language == "ko" else "False").check()
    page.locator("input[type=text]").fill("deposit")
    page.get_by_role("button", name="답 확인하기" if language == "ko" else "Check my answers").click()
    expect(page.get_by_role("status").filter(has_text="저장" if language == "ko" else "Saved")).to_be_visible()

    page.goto(f"{site_url}/{language}/learning/")
    bar = page.locator("progress").first
    expect(bar).to_have_attribute("value", "50")
    expect(page.get_by_text("Savings accounts")).to_be_visible()  # next lesson / resume
    screenshot(page, f"my-learning-{language}-phone")
