"""The real course files: enough of them, complete in Korean, and importable twice without change."""

import re

import pytest
from wagtail.models import Page

from lessons.curriculum import import_curriculum, string_problems
from lessons.curriculum_schema import check_all, course_files, read
from lessons.models import CoursePage, GlossaryTerm, LessonPage, ModulePage


def test_course_files_pass_every_check():
    problems, counts = check_all()
    for path in course_files():
        problems.extend(string_problems(read(path)))
    assert problems == []
    assert counts["courses"] >= 4
    assert counts["modules"] >= 12
    assert counts["lessons"] >= 36
    assert counts["glossary terms"] >= 150


def test_every_topic_has_a_course():
    topics = {read(path)["course"]["topic"] for path in course_files()}
    assert topics == {"american-life", "money", "jobs", "english"}


def test_every_quiz_has_three_to_six_questions_with_explanations_and_right_answers():
    for path in course_files():
        for module in read(path)["modules"]:
            for lesson in module["lessons"]:
                quiz = lesson["quiz"]
                assert 3 <= len(quiz) <= 6, lesson["slug"]
                for question in quiz:
                    assert question["explanation"]["en"] and question["explanation"]["ko"]
                    if "choices" in question:
                        assert any(choice.get("correct") for choice in question["choices"])


OUTSIDE = re.compile(r'(?:src|href|action)="(https?:)?//(?![a-z0-9.-]*\.gov[/"])[^"]*"', re.I)


@pytest.mark.django_db
def test_import_all_courses_twice_and_read_every_lesson_in_korean(client):
    """Slow (imports everything): the counts, Korean completeness, idempotence and no outside hosts."""
    first = import_curriculum()
    assert len(first.created) == len(first.translated) >= 4 + 12 + 36
    english = LessonPage.objects.filter(locale__language_code="en")
    korean = LessonPage.objects.filter(locale__language_code="ko", live=True)
    assert english.count() >= 36
    assert set(korean.values_list("translation_key", flat=True)) == set(
        english.values_list("translation_key", flat=True)
    )
    for model in (CoursePage, ModulePage):
        assert (
            model.objects.filter(locale__language_code="ko", live=True).count()
            == model.objects.filter(locale__language_code="en").count()
        )
    assert GlossaryTerm.objects.count() >= 150

    counts = Page.objects.count(), GlossaryTerm.objects.count()
    second = import_curriculum()
    assert (second.created, second.updated, second.translated, second.terms_created) == ([], [], [], 0)
    assert (Page.objects.count(), GlossaryTerm.objects.count()) == counts

    for lesson in korean:
        response = client.get(lesson.url)
        assert response.status_code == 200, lesson.url
        html = response.content.decode()
        assert "fallback-note" not in html, lesson.url
        assert OUTSIDE.findall(html) == [], lesson.url
        for block in lesson.specific.body:
            if block.block_type == "image":
                assert block.value["alt_text"].strip()
