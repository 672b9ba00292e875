"""Course, module and lesson pages: tree rules, outlines, navigation, translation fallback."""

import re

import pytest
from wagtail.models import Page

from core.models import HomePage
from lessons.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.factories import UserFactory
from tests.utils import SAMPLE_QUIZ, course_index, korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def test_editors_can_only_build_course_module_lesson():
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_parent_page_models() == [ModulePage]
    assert LessonPage.allowed_subpage_models() == []
    assert HomePage.allowed_subpage_models() == [CourseIndexPage]
    assert not LessonPage.can_create_at(course_index())
    assert not ModulePage.can_create_at(course_index())


def build(lessons=3, **lesson_fields):
    course = make_course(title="Money basics", topic="money")
    module = make_module(course, title="Bank accounts", learning_goals="open an account\n- read a statement\n")
    pages = [make_lesson(module, title=f"Lesson {n}", estimated_minutes=n + 4, **lesson_fields) for n in range(lessons)]
    return course, module, pages


def test_course_index_groups_courses_by_topic_with_counts(client):
    course, module, lessons = build()
    make_course(title="Renting a home", topic="american-life")
    html = client.get("/en/courses/").content.decode()
    # Topics appear in the fixed order: American life before Money and banking.
    assert html.index(">American life</h2>") < html.index(">Money and banking</h2>")
    card = html.split('href="/en/courses/money-basics/"', 1)[1].split("</article>", 1)[0]
    assert "1 module" in card and "About 15 minutes" in card and "First steps" in card


def test_course_page_outlines_modules_and_lessons(client):
    course, module, lessons = build()
    html = client.get(course.url).content.decode()
    assert "3 lessons" in html and "About 15 minutes" in html
    for lesson in lessons:
        assert f'href="{lesson.url}"' in html
    assert 'aria-label="You are here"' in html


def test_module_page_lists_goals_and_lessons_in_order(client):
    course, module, lessons = build()
    html = client.get(module.url).content.decode()
    assert "<li>open an account</li>" in html and "<li>read a statement</li>" in html
    positions = [html.index(f'href="{lesson.url}"') for lesson in lessons]
    assert positions == sorted(positions)
    assert "Start the first lesson" in html


def test_unpublished_lessons_are_left_out(client):
    course, module, lessons = build()
    draft = make_lesson(module, title="Draft lesson", live=False)
    assert draft.title not in client.get(module.url).content.decode()
    assert client.get(draft.url or "/en/courses/money-basics/bank-accounts/draft-lesson/").status_code == 404


def test_lesson_navigation(client):
    course, module, lessons = build()
    html = client.get(lessons[1].url).content.decode()
    assert "Lesson 2 of 3" in html
    assert "About 5 minutes" in html
    assert f'rel="prev" href="{lessons[0].url}"' in html
    assert f'rel="next" href="{lessons[2].url}"' in html
    assert f'href="{module.url}">Back to the module' in html
    crumbs = html.split('aria-label="You are here"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', crumbs) == ["/en/courses/", course.url, module.url]
    first = client.get(lessons[0].url).content.decode()
    assert 'rel="prev"' not in first and "Lesson 1 of 3" in first


def test_lesson_without_a_translation_is_shown_in_english_with_a_note(client):
    course, module, lessons = build()
    url = lessons[0].url.replace("/en/", "/ko/", 1)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesson 0" in html  # the English lesson
    assert '<html lang="ko">' in html  # in the Korean interface
    assert "이 페이지는 아직 한국어로 옮기지 못해서 영어로 보여 드립니다." in html
    assert '<article class="lesson" lang="en">' in html
    # Links stay in the Korean interface.
    assert f'href="{lessons[1].url.replace("/en/", "/ko/", 1)}"' in html


def test_translated_lesson_is_shown_in_korean_without_the_note(client):
    course, module, lessons = build()
    ko = korean()
    for page in (course, module, lessons[0]):
        page.copy_for_translation(ko, copy_parents=True).save_revision().publish()
    translated = lessons[0].get_translation(ko).specific
    translated.title = "한국어 과목"
    translated.save_revision().publish()
    html = client.get(translated.url).content.decode()
    assert "한국어 과목" in html
    assert "fallback-note" not in html
    # The untranslated next lesson is listed in English, at a /ko/ URL.
    assert f'href="{lessons[1].url.replace("/en/", "/ko/", 1)}"' in html


def test_missing_pages_still_404_in_both_languages(client):
    build()
    assert client.get("/en/courses/money-basics/nothing-here/").status_code == 404
    assert client.get("/ko/courses/money-basics/nothing-here/").status_code == 404


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_block_renders(client, language):
    from lessons.blocks import LessonBodyBlock
    from tests.lessons.sample_blocks import every_block

    course, module, lessons = build(lessons=1, body=every_block(), quiz=SAMPLE_QUIZ)
    response = client.get(lessons[0].url.replace("/en/", f"/{language}/", 1))
    assert response.status_code == 200
    html = response.content.decode()
    for css in [
        "block-heading",
        "block-text",
        "block-image",
        "block-audio",
        "block-vocabulary",
        "block-dialogue",
        "block-key-phrase",
        "callout--tip",
        "callout--warning",
        "callout--compare",
        "block-checklist",
    ]:
        assert f'class="{css}' in html or f"callout {css}" in html, css
    assert len(LessonBodyBlock.base_blocks) == 9


def test_page_count_query_budget_is_flat(client, django_assert_max_num_queries):
    """A course page makes the same number of queries with 1 lesson or 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_course(title="Small")
    make_lesson(make_module(small))
    big = make_course(title="Big")
    for _ in range(3):
        module = make_module(big)
        for _ in range(10):
            make_lesson(module)
    client.get(small.url)  # warm the cached site and routes
    client.get(big.url)
    # A query string skips the anonymous page cache, so these count what rendering the page costs.
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url + "?render")
    with CaptureQueriesContext(connection) as big_queries:
        client.get(big.url + "?render")
    assert len(small_queries) == len(big_queries)
    with CaptureQueriesContext(connection) as cached_queries:
        assert client.get(big.url).status_code == 200
    assert len(cached_queries) == 0  # served whole from the anonymous page cache


def test_learner_sees_the_same_lesson_as_a_visitor(client):
    course, module, lessons = build(lessons=1, quiz=SAMPLE_QUIZ)
    client.force_login(UserFactory(groups=["Learners"]))
    assert client.get(lessons[0].url).status_code == 200
    assert Page.objects.filter(pk=lessons[0].pk, live=True).exists()


def test_translate_this_page_keeps_the_korean_copy_a_draft_until_it_is_published(
    client, django_capture_on_commit_callbacks
):
    """wagtail-localize's "Translate this page" (TranslationCreator) must not publish English text as Korean."""
    from django.contrib.auth import get_user_model
    from wagtail_localize.operations import TranslationCreator

    course, module, lessons = build()
    ko = korean()
    for page in (course, module):
        page.copy_for_translation(ko, copy_parents=True).save_revision().publish()
    editor = get_user_model().objects.create_superuser(username="editor-ko", password="x" * 12)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        TranslationCreator(editor, [ko]).create_translations(lessons[0])

    draft = lessons[0].get_translation(ko)
    assert not draft.live
    response = client.get(lessons[0].url.replace("/en/", "/ko/", 1))
    assert response.status_code == 200
    assert "fallback-note" in response.content.decode()  # the English page, said to be English

    draft.specific.title = "한국어 과목"
    draft.specific.save_revision().publish()
    html = client.get(draft.specific.url).content.decode()
    assert "한국어 과목" in html and "fallback-note" not in html
