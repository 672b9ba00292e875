"""The demo tutor creates a learner, assigns a module with a due date and sees the learner in the grid."""

import datetime

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD, ensure_demo_accounts
from progress.models import Assignment, LearnerGroup
from tests.browser.conftest import DESKTOP, PHONE
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_tutor_creates_a_learner_assigns_a_module_and_sees_the_grid(browser, site_url, screenshot, viewport):
    from django.contrib.auth import get_user_model

    ensure_demo_accounts()
    tutor = get_user_model().objects.get(username="tutor")
    group = LearnerGroup.objects.create(name="Tuesday evening group")
    group.tutors.add(tutor)
    module = make_module(make_course(title="Money and banking"), title="Bank accounts")
    make_lesson(module, quiz=SAMPLE_QUIZ)
    due = datetime.date.today() + datetime.timedelta(days=10)

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    size = "phone" if viewport == PHONE else "desktop"
    page.goto(f"{site_url}/en/accounts/login/")
    page.get_by_label("Username").fill("tutor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Tutor").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="See progress").click()

    page.get_by_role("link", name="Create a learner account").click()
    page.get_by_label("Username").fill(f"minji-{size}")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("This password is shown only once.")).to_be_visible()
    password = page.locator(".one-time-password").inner_text().strip()
    assert len(password) >= 12
    screenshot(page, f"tutor-one-time-password-{size}")

    page.goto(f"{site_url}/en/tutor/groups/{group.pk}/assign/")
    page.get_by_label("Bank accounts").check()
    page.get_by_label("Due date (optional)").fill(due.isoformat())
    screenshot(page, f"tutor-assign-{size}")
    page.get_by_role("button", name="Assign").click()
    assert Assignment.objects.filter(group=group, due_date=due).count() == 1

    page.goto(f"{site_url}/en/tutor/groups/{group.pk}/")
    grid = page.locator("table.progress-grid")
    expect(grid).to_contain_text(f"minji-{size}")
    expect(grid).to_contain_text("Bank accounts")
    expect(grid).to_contain_text("Not started")
    screenshot(page, f"tutor-group-dashboard-{size}")
    context.close()
