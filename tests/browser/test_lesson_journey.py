"""A visitor browses a course and takes a quiz without an account; on a phone: Listen, checklist, no JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.journey_content import RIGHT_ANSWERS, bilingual_course, say
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


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_visitor_browses_a_course_and_takes_a_quiz_without_an_account(
    open_page, site_url, screenshot, viewport, language
):
    pages = bilingual_course()[language]
    size = "phone" if viewport == PHONE else "desktop"
    page = open_page(viewport, language)
    page.goto(f"{site_url}/{language}/")
    main_menu = page.get_by_role("navigation", name=say(language, "Main"))
    main_menu.get_by_role("link", name=say(language, "Courses")).click()
    page.get_by_role("link", name=pages["course"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pages["course"].title)
    screenshot(page, f"visitor-course-{language}-{size}")
    page.get_by_role("link", name=pages["module"].title).click()
    page.get_by_role("link", name=pages["first"].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pages["first"].title)
    expect(page.locator(".fallback-note")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    answers = RIGHT_ANSWERS[language]
    page.get_by_label(answers["choice"]).check()
    page.get_by_label(say(language, "False"), exact=True).check()
    page.get_by_label(say(language, "Your answer")).fill(answers["blank"])
    page.get_by_role("button", name=say(language, "Check my answers")).click()
    score = say(language, "You got %(score)s of %(total)s right (%(percent)s%%).", score=3, total=3, percent=100)
    expect(page.get_by_text(score)).to_be_visible()
    expect(page.get_by_text(say(language, "Your answers are checked but not saved."))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"visitor-quiz-result-{language}-{size}")


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
