"""A visitor on a phone opens a lesson, uses Listen, answers the quiz and reads the result."""

import pytest
from playwright.sync_api import expect

from tests.lessons.sample_blocks import every_block
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lesson(site_url):
    module = make_module(make_course(title="Money basics"), title="Bank accounts")
    make_lesson(module, title="Before the bank")
    lesson = make_lesson(module, title="Opening an account", body=every_block(), quiz=SAMPLE_QUIZ)
    make_lesson(module, title="Using an ATM")
    return lesson


def test_lesson_listen_quiz_and_result_on_a_phone(phone_page, site_url, lesson, screenshot):
    page = phone_page
    page.add_init_script(
        "window.__spoken = []; window.speechSynthesis.speak = u => window.__spoken.push([u.text, u.lang, u.rate]);"
    )
    page.goto(site_url + lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Opening an account")
    expect(page.get_by_text("Lesson 2 of 3")).to_be_visible()
    screenshot(page, "lesson-en-phone")

    listen = page.get_by_role("button", name="Listen: Could you say that again?")
    expect(listen).to_be_visible()
    listen.click()
    page.get_by_label("Speak slowly").check()
    page.get_by_role("button", name="Listen: How can I help you?").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0][:2] == ["Could you say that again?", "en-US"]
    assert spoken[1][0] == "How can I help you?" and spoken[1][2] < spoken[0][2]  # slower

    page.get_by_label("Checking account").check()
    page.get_by_label("False").check()
    page.get_by_label("Your answer").fill("Deposit")
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You got 3 of 3 right (100%).")).to_be_visible()
    expect(page.get_by_text("A checking account is made for everyday payments.")).to_be_visible()
    expect(page.get_by_text("Your answers are checked but not saved.")).to_be_visible()
    screenshot(page, "lesson-result-en-phone")


def test_no_listen_buttons_without_speech_synthesis(phone_page, site_url, lesson):
    page = phone_page
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(site_url + lesson.url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".listen-button")).to_have_count(0)


def test_quiz_works_without_javascript(browser, site_url, lesson):
    from tests.browser.conftest import PHONE

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + lesson.url)
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer every question.")
    context.close()


def test_lesson_in_korean_interface(phone_page, site_url, lesson, screenshot):
    page = phone_page
    page.goto(site_url + lesson.url.replace("/en/", "/ko/", 1))
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(".fallback-note")).to_be_visible()
    screenshot(page, "lesson-ko-fallback-phone")


def test_checklist_ticks_stay_in_the_browser_for_visitors(phone_page, site_url, lesson):
    page = phone_page
    page.goto(site_url + lesson.url)
    page.get_by_label("Photo ID").check()
    page.reload()
    expect(page.get_by_label("Photo ID")).to_be_checked()
    expect(page.get_by_label("Proof of address")).not_to_be_checked()
