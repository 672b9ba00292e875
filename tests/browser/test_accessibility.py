"""Accessibility: axe-core on every main page in both languages, and a quiz done with the keyboard only.

axe-core comes bundled with axe-playwright-python (nothing is fetched). A page passes
when it has no violation of serious or critical impact under the WCAG 2.0 A/AA, 2.1 AA
and 2.2 AA tags; the moderate and minor ones are listed in the failure message only.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD, ensure_demo_accounts
from progress.models import Assignment, LearnerGroup
from tests.lessons.sample_blocks import every_block
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}

# The words the pages use, per interface language.
WORDS = {
    "en": {
        "username": "Username",
        "password": "Password",
        "log_in": "Log in",
        "log_out": "Log out",
        "check": "Check my answers",
        "false": "False",
    },
    "ko": {
        "username": "사용자 이름",
        "password": "비밀번호",
        "log_in": "들어가기",
        "log_out": "나가기",
        "check": "답 확인하기",
        "false": "틀림",
    },
}


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


class AxeAudit:
    """Runs axe on each page visited and gathers the violations per page."""

    def __init__(self):
        self.axe = Axe()
        self.blocking = {}
        self.other = {}

    def check(self, page, name):
        expect(page.locator("main")).to_be_visible()
        violations = self.axe.run(page, options=AXE_OPTIONS).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        other = [v for v in violations if v["impact"] not in BLOCKING]
        if blocking:
            self.blocking[name] = blocking
        if other:
            self.other[name] = other

    def assert_clean(self):
        if not self.blocking:
            return
        report = [f"{name}:\n{describe(violations)}" for name, violations in self.blocking.items()]
        if self.other:
            report.append("Moderate and minor:")
            report += [f"{name}:\n{describe(violations)}" for name, violations in self.other.items()]
        pytest.fail("Serious or critical accessibility violations:\n" + "\n".join(report))


@pytest.fixture
def content(site_url):
    """A course with a module of two lessons (every block kind and a quiz), the demo accounts and a tutor group."""
    from django.contrib.auth import get_user_model

    ensure_demo_accounts()
    course = make_course(title="Money basics")
    module = make_module(course, title="Bank accounts")
    lesson = make_lesson(module, title="Opening an account", body=every_block(), quiz=SAMPLE_QUIZ)
    make_lesson(module, title="Using an ATM", quiz=SAMPLE_QUIZ)
    User = get_user_model()
    tutor, learner = User.objects.get(username="tutor"), User.objects.get(username="learner")
    group = LearnerGroup.objects.create(name="Tuesday evening group")
    group.tutors.add(tutor)
    group.learners.add(learner)
    Assignment.objects.create(
        group=group,
        module_key=module.translation_key,
        module_title=module.title,
        due_date=datetime.date.today() + datetime.timedelta(days=7),
        assigned_by=tutor,
    )
    return {"course": course, "module": module, "lesson": lesson, "group": group, "learner": learner}


def localised(page_obj, language):
    return page_obj.url.replace("/en/", f"/{language}/", 1)


def log_in(page, site_url, language, username):
    words = WORDS[language]
    page.goto(f"{site_url}/{language}/accounts/login/")
    page.get_by_label(words["username"]).fill(username)
    page.get_by_label(words["password"], exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=words["log_in"]).click()
    expect(page.get_by_role("button", name=words["log_out"])).to_be_visible()


def log_out(page, language):
    page.get_by_role("button", name=WORDS[language]["log_out"]).click()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_main_pages_have_no_serious_accessibility_violations(phone_page, site_url, content, language):
    page = phone_page
    words = WORDS[language]
    audit = AxeAudit()
    prefix = f"{site_url}/{language}"

    # Visitor pages.
    for name, url in [
        ("home", f"{prefix}/"),
        ("courses", f"{prefix}/courses/"),
        ("course", site_url + localised(content["course"], language)),
        ("module", site_url + localised(content["module"], language)),
        ("lesson", site_url + localised(content["lesson"], language)),
        ("glossary", f"{prefix}/glossary/"),
        ("log in", f"{prefix}/accounts/login/"),
        ("sign up", f"{prefix}/accounts/signup/"),
    ]:
        page.goto(url)
        audit.check(page, name)

    # A learner takes the quiz, reads the result, then My learning.
    log_in(page, site_url, language, "learner")
    page.goto(site_url + localised(content["lesson"], language))
    page.get_by_label("Checking account").check()
    page.get_by_label(words["false"], exact=True).check()
    page.locator(".quiz input[type=text]").fill("deposit")
    page.get_by_role("button", name=words["check"]).click()
    expect(page.get_by_text("A checking account is made for everyday payments.")).to_be_visible()
    audit.check(page, "quiz result")
    page.goto(f"{prefix}/learning/")
    expect(page.locator("progress").first).to_be_visible()
    audit.check(page, "my learning")
    log_out(page, language)

    # The tutor's group dashboard and learner detail.
    log_in(page, site_url, language, "tutor")
    group, learner = content["group"], content["learner"]
    page.goto(f"{prefix}/tutor/groups/{group.pk}/")
    expect(page.locator("table.progress-grid")).to_contain_text("learner")
    audit.check(page, "tutor group dashboard")
    page.goto(f"{prefix}/tutor/groups/{group.pk}/learners/{learner.pk}/")
    audit.check(page, "tutor learner detail")

    audit.assert_clean()


def focus_outline(page):
    """The computed outline of the focused element, as (style, width in px)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return [style.outlineStyle, parseFloat(style.outlineWidth) || 0];
        }"""
    )


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has focus; check each stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate("() => document.activeElement.tagName")
        if active != "BODY":
            style, width = focus_outline(page)
            description = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
            assert style != "none" and width > 0, f"no visible focus on {description}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def choose_with_arrows(page, radio, limit=6):
    """Space checks the focused radio button; ArrowDown moves through its group until `radio` is checked."""
    page.keyboard.press("Space")
    for _ in range(limit):
        if radio.is_checked():
            break
        page.keyboard.press("ArrowDown")
        style, width = focus_outline(page)
        assert style != "none" and width > 0, "no visible focus on a radio button"
    expect(radio).to_be_checked()


def test_a_quiz_can_be_completed_with_the_keyboard_only(phone_page, site_url):
    module = make_module(make_course(title="Money basics"), title="Bank accounts")
    lesson = make_lesson(module, title="Opening an account", quiz=SAMPLE_QUIZ)
    page = phone_page
    page.goto(site_url + lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Opening an account")

    # Question 1: single choice. Tab lands on the radio group, Space picks the focused
    # choice and the arrow keys move to "Checking account".
    first = page.get_by_label("Checking account")
    tab_to(page, ".quiz input[type=radio]")
    choose_with_arrows(page, first)

    # Question 2: true or false, the next radio group.
    tab_to(page, f".quiz input[type=radio]:not([name='{first.get_attribute('name')}'])")
    choose_with_arrows(page, page.get_by_label("False", exact=True))

    # Question 3: fill in the blank, then Enter submits the form.
    tab_to(page, ".quiz input[type=text]")
    page.keyboard.type("deposit")
    page.keyboard.press("Enter")

    expect(page.get_by_text("You got 3 of 3 right (100%).")).to_be_visible()
    expect(page.get_by_text("A checking account is made for everyday payments.")).to_be_visible()
