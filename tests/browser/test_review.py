"""A learner reviews two words: with JavaScript by keyboard and without page reloads, and without JavaScript."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from progress import review
from progress.models import ReviewCard
from tests.browser.conftest import PHONE, RequestLog
from tests.factories import PASSWORD, UserFactory
from tests.lessons.sample_blocks import make_term

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reviewer(site_url):
    """A learner with two words due today: 'deposit', then 'checking account'."""
    user = UserFactory(username="reviewer", groups=["Learners"])
    review.add_term(user, make_term("deposit"))
    review.add_term(
        user,
        make_term(
            "checking account",
            korean="당좌 예금 계좌",
            north_korean_note="",
            explanation_en="A bank account for everyday payments.",
            explanation_ko="매일 쓰는 돈을 넣고 빼는 은행 계좌.",
            example_en="I pay my rent from my checking account.",
            example_ko="저는 당좌 예금 계좌에서 월세를 냅니다.",
        ),
    )
    return user


def log_in(page, site_url, language="en"):
    page.goto(f"{site_url}/{language}/accounts/login/?next=/{language}/learning/review/")
    page.locator("input[name=username]").fill("reviewer")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/learning/review/")


def boxes(user):
    return dict(ReviewCard.objects.filter(learner=user).values_list("term__term", "box"))


def test_review_by_keyboard_without_a_page_reload(phone_page, site_url, screenshot, reviewer):
    page = phone_page
    log_in(page, site_url)
    term = page.locator("#review-term")
    expect(term).to_contain_text("deposit")
    expect(page.get_by_text("Keyboard: Space or Enter shows the answer")).to_be_visible()
    page.evaluate("window.reviewMarker = 'still here'")
    can_speak = page.evaluate("'speechSynthesis' in window")
    if can_speak:
        expect(term.locator(".listen-button")).to_have_count(1)
    expect(page.get_by_text("보증금", exact=True)).to_be_hidden()
    screenshot(page, "review-card-en-phone")

    page.keyboard.press("Space")
    expect(page.get_by_text("보증금", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="I knew it")).to_be_visible()
    screenshot(page, "review-answer-en-phone")

    page.keyboard.press("2")
    expect(term).to_contain_text("checking account")
    expect(page.locator("[data-review-status]")).to_have_text("One word to review today.")
    expect(page.get_by_text("당좌 예금 계좌", exact=True)).to_be_hidden()
    if can_speak:  # the swapped-in card gets its own Listen buttons (term and example)
        expect(term.locator(".listen-button")).to_have_count(1)
        expect(page.locator(".review-card__example .listen-button")).to_have_count(1)
    expect(term).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.get_by_text("당좌 예금 계좌", exact=True)).to_be_visible()
    page.keyboard.press("1")
    expect(page.locator(".review__done-title")).to_have_text("Well done! No words are due now.")
    expect(page.get_by_role("link", name="Back to My learning")).to_be_visible()
    screenshot(page, "review-done-en-phone")

    assert page.evaluate("window.reviewMarker") == "still here"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert boxes(reviewer) == {"deposit": 2, "checking account": 1}


def test_review_without_javascript(browser, site_url, screenshot, reviewer):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", java_script_enabled=False)
    page = context.new_page()
    log = RequestLog(urlsplit(site_url).netloc)
    page.on("request", log.record)
    try:
        log_in(page, site_url, "ko")
        term = page.locator("#review-term")
        expect(term).to_contain_text("deposit")
        expect(page.locator("[data-review-keys]")).to_be_hidden()  # no shortcuts without JavaScript
        expect(page.locator(".listen-button")).to_have_count(0)

        page.locator("summary").click()
        expect(page.get_by_text("이사 들어가기 전에 내고 나중에 돌려받는 돈.")).to_be_visible()  # Korean explanation
        screenshot(page, "review-answer-ko-phone-nojs")
        page.locator("button[data-review-key='2']").click()  # I knew it
        page.wait_for_load_state()
        expect(term).to_contain_text("checking account")

        page.locator("summary").click()
        page.locator("button[data-review-key='1']").click()  # Not yet
        page.wait_for_load_state()
        expect(page.locator(".review__done")).to_be_visible()
        expect(page.locator(".review__done a[href='/ko/learning/']")).to_be_visible()
        screenshot(page, "review-done-ko-phone-nojs")
    finally:
        context.close()
    assert log.outside() == []
    assert boxes(reviewer) == {"deposit": 2, "checking account": 1}


def test_add_a_word_from_the_glossary(phone_page, site_url, reviewer):
    rent = make_term("rent", korean="월세")
    page = phone_page
    log_in(page, site_url)
    page.goto(f"{site_url}/en/glossary/?letter=R")
    button = page.get_by_role("button", name="Add to my review")
    expect(button).to_have_count(1)
    expect(button).to_have_accessible_name(re.compile(r"Add to my review\s*:\s*rent"))
    button.click()
    expect(page.get_by_text("“rent” is now in your review words.")).to_be_visible()
    assert page.url.endswith(f"/en/glossary/?letter=R#term-{rent.pk}")
    assert ReviewCard.objects.filter(learner=reviewer, term=rent).count() == 1
