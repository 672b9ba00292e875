"""A tutor creates a learner, assigns a module with a due date and sees the learner's progress.

On a phone and a desktop, in English and in Korean. The learner's quiz result is
recorded directly (the learner's own journey is in test_learner_progress.py).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD, ensure_demo_accounts
from progress import services
from progress.models import Assignment, LearnerGroup
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.journey_content import bilingual_course, say
from tests.progress.helpers import graded

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_tutor_creates_a_learner_assigns_a_module_and_sees_progress(
    open_page, site_url, screenshot, viewport, language
):
    ensure_demo_accounts()
    tutor = get_user_model().objects.get(username="tutor")
    group = LearnerGroup.objects.create(name="Tuesday evening group")
    group.tutors.add(tutor)
    pages = bilingual_course()
    module_title = pages[language]["module"].title
    due = datetime.date.today() + datetime.timedelta(days=10)
    size = "phone" if viewport == PHONE else "desktop"
    username = f"minji-{language}-{size}"

    page = open_page(viewport, language)
    page.goto(f"{site_url}/{language}/accounts/login/")
    page.get_by_label(say(language, "Username")).fill("tutor")
    page.get_by_label(say(language, "Password"), exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=say(language, "Log in")).click()
    page.get_by_role("link", name=say(language, "Tutor"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(say(language, "Your groups"))
    page.get_by_role("link", name=say(language, "See progress")).click()

    page.get_by_role("link", name=say(language, "Create a learner account")).click()
    page.get_by_label(say(language, "Username")).fill(username)
    page.get_by_role("button", name=say(language, "Create account")).click()
    expect(page.get_by_text(say(language, "This password is shown only once."))).to_be_visible()
    password = page.locator(".one-time-password").inner_text().strip()
    assert len(password) >= 12
    screenshot(page, f"tutor-one-time-password-{language}-{size}")
    learner = get_user_model().objects.get(username=username)
    assert group.learners.filter(pk=learner.pk).exists()

    page.goto(f"{site_url}/{language}/tutor/groups/{group.pk}/")
    page.get_by_role("link", name=say(language, "Assign a module")).click()
    page.get_by_label(module_title).check()
    page.get_by_label(say(language, "Due date (optional)")).fill(due.isoformat())
    screenshot(page, f"tutor-assign-{language}-{size}")
    page.get_by_role("button", name=say(language, "Assign"), exact=True).click()
    assignment = Assignment.objects.get(group=group)
    assert (assignment.module_key, assignment.due_date) == (pages["en"]["module"].translation_key, due)

    # The learner passes the first of the module's two lessons.
    first = pages["en"]["first"]
    services.record_quiz_result(learner, first, graded(first))

    page.goto(f"{site_url}/{language}/tutor/groups/{group.pk}/")
    grid = page.locator("table.progress-grid")
    row = grid.get_by_role("row").filter(has=page.get_by_role("link", name=username))
    expect(grid.get_by_role("columnheader").filter(has_text=module_title)).to_be_visible()
    expect(row.locator("td").first).to_contain_text("50%")
    screenshot(page, f"tutor-group-dashboard-{language}-{size}")

    row.get_by_role("link", name=username).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(username)
    lessons = page.get_by_role("row").filter(has_text=pages[language]["first"].title)
    expect(lessons).to_contain_text("100%")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"tutor-learner-detail-{language}-{size}")
