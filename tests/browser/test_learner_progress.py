"""A learner signs up, takes a lesson, passes its quiz and sees the progress on My learning.

On a phone and a desktop, in English and in Korean (Korean pages made through wagtail-localize).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from progress.models import QuizAttempt
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.journey_content import RIGHT_ANSWERS, bilingual_course, say

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_learner_signs_up_passes_a_quiz_and_sees_progress(open_page, site_url, screenshot, viewport, language):
    pages = bilingual_course()[language]
    size = "phone" if viewport == PHONE else "desktop"
    username = f"sora-{language}-{size}"
    page = open_page(viewport, language)

    page.goto(f"{site_url}/{language}/")
    page.get_by_role("link", name=say(language, "Create an account")).first.click()
    expect(page).to_have_url(re.compile(f"/{language}/accounts/signup/"))
    page.get_by_label(say(language, "Username")).fill(username)
    page.get_by_label(say(language, "Password"), exact=True).fill("river-Stone-1987")
    page.get_by_label(say(language, "Password again")).fill("river-Stone-1987")
    page.get_by_role("button", name=say(language, "Create account")).click()
    expect(page.get_by_role("button", name=say(language, "Log out"))).to_be_visible()
    learner = get_user_model().objects.get(username=username)
    assert learner.language == language

    page.goto(site_url + pages["first"].url)
    answers = RIGHT_ANSWERS[language]
    page.get_by_label(answers["choice"]).check()
    page.get_by_label(say(language, "False"), exact=True).check()
    page.get_by_label(say(language, "Your answer")).fill(answers["blank"])
    page.get_by_role("button", name=say(language, "Check my answers")).click()
    expect(page.get_by_role("status").filter(has_text=say(language, "Saved to your progress."))).to_be_visible()
    attempt = QuizAttempt.objects.get(learner=learner)
    assert (attempt.score, attempt.max_score, attempt.passed) == (3, 3, True)
    screenshot(page, f"learner-quiz-saved-{language}-{size}")

    page.get_by_role("link", name=say(language, "My learning")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "My learning"))
    expect(page.locator("progress").first).to_have_attribute("value", "50")  # one lesson of two
    expect(page.get_by_role("link", name=re.compile(re.escape(pages["second"].title)))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"my-learning-{language}-{size}")
