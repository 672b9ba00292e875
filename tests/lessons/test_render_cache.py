"""Cached lesson parts for signed-in learners (lessons/render_cache.py) and fewer writes on reloads."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.lessons.sample_blocks import make_term
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

CHECKLIST = ("checklist", {"title": "Before you go", "items": ["Photo ID", "Proof of address"]})
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def lesson():
    term = make_term(term="deposit", korean="보증금")
    body = [
        ("paragraph", "<p>Rent is paid monthly.</p>"),
        ("vocabulary", {"title": "Words", "terms": [term]}),
        CHECKLIST,
    ]
    return make_lesson(make_module(make_course()), title="Paying rent", body=body, quiz=SAMPLE_QUIZ)


def signed_in(username=None):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(groups=["Learners"], **({"username": username} if username else {})))
    return client


def sql_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def test_the_body_is_rendered_once_and_then_read_from_the_cache(lesson):
    client = signed_in()
    first, first_sql = sql_of(client, lesson.url)
    second, second_sql = sql_of(client, lesson.url)
    assert any("lessons_glossaryterm" in sql for sql in first_sql)
    assert not any("lessons_glossaryterm" in sql for sql in second_sql)
    assert "보증금" in second and "Rent is paid monthly." in second


def test_checklists_stay_personal_around_cached_blocks(lesson):
    kim, lee = signed_in("kim"), signed_in("lee")
    lee.get(lesson.url)  # fills the cache with everything but the checklist
    html = kim.get(lesson.url).content.decode()
    block_id = lesson.body[2].id
    token = CSRF.search(html).group(1)
    response = kim.post(
        "/en/learning/checklist/",
        {"csrfmiddlewaretoken": token, "lesson": lesson.pk, "block": block_id, "item": ["1"]},
    )
    assert response.status_code in (200, 302)
    kim_html = kim.get(lesson.url).content.decode()
    lee_html = lee.get(lesson.url).content.decode()
    ticked = 'value="1" checked'
    assert ticked in kim_html and ticked not in lee_html


def test_each_fresh_quiz_form_gets_its_own_tokens_and_can_be_posted(lesson):
    client = signed_in()
    pages = [client.get(lesson.url).content.decode() for _ in range(2)]
    tokens = [SUBMISSION.search(html).group(1) for html in pages]
    assert tokens[0] != tokens[1]
    assert all("__enok_" not in html for html in pages)
    response = client.post(
        lesson.url, {"csrfmiddlewaretoken": CSRF.search(pages[1]).group(1), "submission_token": tokens[1]}
    )
    assert response.status_code == 200
    assert "Please answer every question." in response.content.decode()  # graded, not from the cache


def test_a_published_change_replaces_the_cached_body(lesson):
    client = signed_in()
    client.get(lesson.url)
    lesson.body = [("paragraph", "<p>Rent is paid on the first of the month.</p>")]
    lesson.save_revision().publish()
    html = client.get(lesson.url).content.decode()
    assert "on the first of the month" in html and "Rent is paid monthly." not in html


def test_the_data_saver_choice_has_its_own_cached_body(lesson, monkeypatch):
    from core import data_saver

    client = signed_in()
    client.get(lesson.url)
    written = []
    original = cache.set
    monkeypatch.setattr(cache, "set", lambda key, *a, **k: written.append(key) or original(key, *a, **k))
    client.cookies[data_saver.COOKIE_NAME] = "1"
    client.get(lesson.url)
    assert [key for key in written if key.startswith("pagecache:lesson-body:")]


def test_previews_are_never_cached(lesson, rf):
    from lessons import render_cache

    request = rf.get(lesson.url)
    request.is_preview = True
    request.user = UserFactory()
    render_cache.lesson_outline(lesson, request)
    assert not [key for key in cache._cache if ":pagecache:lesson-outline:" in key]


def test_a_reload_of_the_lesson_page_makes_no_progress_writes(lesson):
    client = signed_in()
    client.get(lesson.url)
    _html, sql = sql_of(client, lesson.url)
    assert not [query for query in sql if query.startswith(("UPDATE", "INSERT"))]
