"""Offline lessons in a real browser: save a module, go offline, take a quiz, come back online, recorded once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD, ensure_demo_accounts, ensure_demo_learners
from progress.models import QuizAttempt
from tests.browser.conftest import PHONE
from tests.lessons.sample_blocks import make_image
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)

KOREAN = {
    "Username": "사용자 이름",
    "Password": "비밀번호",
    "Log in": "들어가기",
    "False": "틀림",
    "Check": "답 확인하기",
    "Save for offline": "이 손전화에 저장하기",
    "Remove from this phone": "이 손전화에서 지우기",
    "Saved on this phone (": "이 손전화에 저장했어요 (",
    "You are offline.": "인터넷이 끊겼어요.",
    "You are offline": "인터넷이 끊겼어요",
    "Saved on this phone.": "이 손전화에 저장했어요.",
    "1 waiting": "답: 1개",
    "were sent": "답을 보냈어요",
    "waiting": "아직 보내지 못한",
}


def label(language, english):
    return KOREAN[english] if language == "ko" else english


@pytest.fixture
def module(site_url):
    ensure_demo_accounts()
    module = make_module(make_course(title="Money basics"), title="Bank accounts")
    image = make_image(title="Bank counter")
    body = [
        ("paragraph", "<p>A checking account is for paying bills.</p>"),
        ("image", {"image": image, "alt_text": "A bank counter", "caption": "At the bank"}),
    ]
    module.quiz_lesson = make_lesson(module, title="Checking accounts", body=body, quiz=SAMPLE_QUIZ)
    make_lesson(module, title="Savings accounts")
    return module


def in_language(url, language):
    return url.replace("/en/", f"/{language}/", 1)


def log_in(page, site_url, language, username="learner"):
    page.goto(f"{site_url}/{language}/accounts/login/")
    page.get_by_label(label(language, "Username")).fill(username)
    page.get_by_label(label(language, "Password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=label(language, "Log in")).click()
    page.wait_for_url("**/learning/**")


def answer_quiz(page, language):
    page.get_by_label("Checking account").check()
    page.get_by_label(label(language, "False")).check()
    page.locator("form.quiz input[type=text]").fill("deposit")
    page.get_by_role("button", name=label(language, "Check")).click()


def save_module(page, site_url, module, language, screenshot=None):
    page.goto(site_url + in_language(module.url, language))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    save = page.get_by_role("button", name=label(language, "Save for offline"))
    expect(save).to_be_visible()
    expect(
        page.get_by_role("button", name=label(language, "Remove from this phone"))
    ).to_be_hidden()  # nothing saved yet
    if screenshot:
        screenshot(page, f"offline-module-{language}-phone")
    save.click()
    expect(page.locator("[data-offline-save-status]")).to_contain_text(label(language, "Saved on this phone ("))
    expect(page.get_by_role("button", name=label(language, "Remove from this phone"))).to_be_visible()


def saved_urls(page):
    return page.evaluate(
        "caches.open('enok-saved').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))"
    )


@pytest.mark.parametrize("language", ["en", "ko"])
def test_quiz_taken_offline_is_recorded_once_with_the_time_it_was_made(
    phone_page, site_url, module, screenshot, language
):
    page = phone_page
    lesson = module.quiz_lesson
    log_in(page, site_url, language)
    save_module(page, site_url, module, language, screenshot)
    screenshot(page, f"offline-module-saved-{language}-phone")
    saved = saved_urls(page)
    lesson_path = in_language(lesson.url, language)
    assert lesson_path in saved and in_language(module.url, language) in saved
    assert any(path.startswith("/media/images/") and "width-" in path for path in saved)  # its picture

    page.context.set_offline(True)
    response = page.goto(site_url + lesson_path)
    assert response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Checking accounts")
    expect(page.locator("#offline-status")).to_contain_text(label(language, "You are offline."))
    expect(page.get_by_role("img", name="A bank counter")).to_be_visible()
    made_after = timezone.now()
    answer_quiz(page, language)
    made_before = timezone.now()
    expect(page.get_by_role("alert")).to_contain_text(label(language, "Saved on this phone."))
    expect(page.locator("#offline-status")).to_contain_text(label(language, "1 waiting"))
    screenshot(page, f"offline-lesson-waiting-{language}-phone")
    assert not QuizAttempt.objects.exists()

    # A page that was not saved shows the offline page, listing what is saved.
    page.goto(f"{site_url}/{language}/learning/")
    expect(page.get_by_role("heading", level=1)).to_have_text(label(language, "You are offline"))
    expect(page.get_by_role("link", name="Checking accounts")).to_be_visible()

    time.sleep(2)  # so that the time it was made and the time it arrived differ
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-status")).to_contain_text(label(language, "were sent"))
    attempt = QuizAttempt.objects.get()
    assert attempt.made_offline and attempt.passed
    assert made_after - timedelta(seconds=1) <= attempt.submitted_at <= made_before + timedelta(seconds=1)
    assert attempt.received_at - attempt.submitted_at >= timedelta(seconds=1.5)

    # Coming online again (or reloading) sends nothing twice.
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#offline-status")).not_to_contain_text(label(language, "waiting"))
    page.wait_for_timeout(500)
    assert QuizAttempt.objects.count() == 1


def test_logging_out_warns_about_waiting_answers_then_forgets_everything(phone_page, site_url, module):
    page = phone_page
    log_in(page, site_url, "en")
    save_module(page, site_url, module, "en")
    page.context.set_offline(True)
    page.goto(site_url + module.quiz_lesson.url)
    answer_quiz(page, "en")
    expect(page.locator("#offline-status")).to_contain_text("1 waiting")
    # Back online, but the answers cannot be sent yet (the sign-in check fails): they stay waiting.
    page.route("**/offline/session/", lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("#offline-status")).to_contain_text("1 waiting")

    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()  # still signed in
    assert "have not been sent yet" in messages[0]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.wait_for_load_state("load")
    assert saved_urls(page) == []
    waiting = page.evaluate(
        """new Promise(resolve => { const open = indexedDB.open('enok-offline', 1);
             open.onsuccess = () => { const r = open.result.transaction('queue').objectStore('queue').count();
                                      r.onsuccess = () => resolve(r.result); }; })"""
    )
    assert waiting == 0
    assert not QuizAttempt.objects.exists()


def test_answers_wait_for_their_own_learner_to_sign_in_again(phone_page, site_url, module):
    ensure_demo_learners()
    page = phone_page
    log_in(page, site_url, "en")
    save_module(page, site_url, module, "en")
    page.context.set_offline(True)
    page.goto(site_url + module.quiz_lesson.url)
    answer_quiz(page, "en")
    expect(page.locator("#offline-status")).to_contain_text("1 waiting")

    # The session ended while the phone was offline: the answers wait and the learner is asked to log in.
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Log in to send the quiz answers saved on this phone.")
    expect(status).to_contain_text("1 waiting")
    expect(status.get_by_role("link", name="Log in")).to_be_visible()

    # Someone else signs in on this phone: the answers are not sent as theirs.
    log_in(page, site_url, "en", username="learner2")
    expect(page.locator("#offline-status")).to_contain_text("made by someone else")
    expect(page.locator("#offline-status")).to_contain_text("1 waiting")
    assert not QuizAttempt.objects.exists()

    # Their own learner signs in again: sent, once, as theirs.
    page.context.clear_cookies()
    log_in(page, site_url, "en")
    expect(page.locator("#offline-status")).to_contain_text("were sent")
    attempt = QuizAttempt.objects.get()
    assert attempt.learner.username == "learner" and attempt.made_offline


def test_a_visitor_saves_a_module_and_removes_it_again(phone_page, site_url, module):
    page = phone_page
    save_module(page, site_url, module, "en")
    assert module.quiz_lesson.url in saved_urls(page)
    page.reload()
    expect(page.locator("[data-offline-save-status]")).to_contain_text("Saved on this phone (")
    page.get_by_role("button", name="Remove from this phone").click()
    expect(page.locator("[data-offline-save-status]")).to_have_text("Removed from this phone.")
    expect(page.get_by_role("button", name="Remove from this phone")).to_be_hidden()
    expect(page.get_by_role("button", name="Save for offline")).to_be_visible()
    assert saved_urls(page) == []


def test_without_javascript_there_is_no_save_button(browser, site_url, module):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + module.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bank accounts")
    expect(page.get_by_role("button", name="Save for offline")).to_be_hidden()
    context.close()


def test_data_saver_from_the_footer_shows_a_placeholder_and_the_picture_on_request(phone_page, site_url, module):
    page = phone_page
    page.goto(site_url + module.quiz_lesson.url)
    expect(page.get_by_role("img", name="A bank counter")).to_be_visible()
    page.get_by_role("button", name="Turn data saver on").click()
    expect(page.get_by_text("Image not loaded (data saver): A bank counter")).to_be_visible()
    expect(page.get_by_role("img", name="A bank counter")).to_have_count(0)
    page.get_by_role("link", name="Show this picture").click()
    expect(page.get_by_role("img", name="A bank counter")).to_be_visible()
    assert page.url.endswith(module.quiz_lesson.url)  # shown in place
