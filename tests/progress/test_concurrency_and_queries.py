"""Concurrent submissions on PostgreSQL, and query counts that do not grow with what a learner did."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from progress import services
from progress.models import LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_submitting_at_once_lose_and_double_nothing():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises all writers, so it cannot show concurrent submissions; CI runs this on PostgreSQL"
        )
    from core.setup import ensure_site_structure

    ensure_site_structure()
    learner = UserFactory(groups=["Learners"])
    lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
    result = graded(lesson)
    tokens = [uuid.uuid4() for _ in range(20)]
    start = threading.Barrier(20)
    errors = []

    def submit(token):
        try:
            start.wait()
            services.record_quiz_result(learner, lesson, result, token)
            services.record_quiz_result(learner, lesson, result, token)  # the double click
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert LessonProgress.objects.filter(learner=learner).count() == 1
    assert QuizAttempt.objects.filter(learner=learner).count() == 20
    assert LessonProgress.objects.get(learner=learner).attempt_count == 20


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_my_learning_query_count_is_the_same_for_1_and_30_courses(client):
    learner = UserFactory(groups=["Learners"])
    client.force_login(learner)

    def start_courses(count):
        for _ in range(count):
            lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
            services.record_lesson_opened(learner, lesson)
            services.record_quiz_result(learner, lesson, graded(lesson))

    start_courses(1)
    with_one = count_queries(client, "/en/learning/")
    start_courses(29)
    with_thirty = count_queries(client, "/en/learning/")
    assert with_one == with_thirty
    assert with_one <= 15


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ko"])
def test_course_and_module_pages_for_a_learner_do_not_grow_with_lessons(client, language):
    learner = UserFactory(groups=["Learners"])
    client.force_login(learner)
    small = make_course()
    small_module = make_module(small)
    services.mark_lesson_done(learner, make_lesson(small_module, quiz=[]))
    big = make_course()
    for _ in range(3):
        module = make_module(big)
        for _ in range(8):
            services.mark_lesson_done(learner, make_lesson(module, quiz=[]))
    for page_small, page_big in [(small, big), (small_module, module)]:
        url_small = page_small.url.replace("/en/", f"/{language}/", 1)
        url_big = page_big.url.replace("/en/", f"/{language}/", 1)
        assert count_queries(client, url_small) == count_queries(client, url_big)


@pytest.mark.django_db
def test_lesson_page_for_a_learner_has_a_fixed_query_budget(client):
    from tests.lessons.sample_blocks import every_block

    learner = UserFactory(groups=["Learners"])
    client.force_login(learner)
    module = make_module(make_course())
    blocks = every_block()
    checklists = [block for block in blocks if block[0] == "checklist"]
    small = make_lesson(module, body=blocks[2:5] + checklists, quiz=SAMPLE_QUIZ)
    big = make_lesson(module, body=blocks * 4, quiz=SAMPLE_QUIZ)
    assert count_queries(client, small.url) == count_queries(client, big.url)
