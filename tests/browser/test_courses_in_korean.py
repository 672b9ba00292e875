"""One lesson of each real course, in Korean, on a phone."""

import pytest
from playwright.sync_api import expect

from lessons.curriculum import import_curriculum
from lessons.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_lesson_of_each_course_in_korean(phone_page, site_url, screenshot):
    import_curriculum()
    page = phone_page
    courses = CoursePage.objects.filter(locale__language_code="ko", live=True)
    assert courses.count() >= 4
    for course in courses:
        lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
        page.goto(site_url + lesson.url)
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        expect(page.locator(".fallback-note")).to_have_count(0)
        expect(page.get_by_role("button", name="답 확인하기")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, f"course-{course.slug}-first-lesson-ko-phone")
