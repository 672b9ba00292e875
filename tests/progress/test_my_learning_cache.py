"""My learning reads the course tree from the cache (progress/dashboard.py), and a publish refreshes it."""

import pytest
from django.core.cache import cache

from progress import services
from tests.factories import UserFactory
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def courses_on_page(client):
    response = client.get("/en/learning/")
    assert response.status_code == 200
    return response.context["courses"]


def test_a_lesson_published_later_counts_in_the_course_at_once(client):
    cache.clear()
    module = make_module(make_course(title="Money basics"))
    first = make_lesson(module, quiz=SAMPLE_QUIZ)
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, first, graded(first))
    client.force_login(learner)
    [entry] = courses_on_page(client)
    assert (entry.completion.done, entry.completion.total) == (1, 1) and entry.completion.complete
    [entry] = courses_on_page(client)  # the tree from the cache
    assert entry.completion.total == 1
    second = make_lesson(module, title="Second", quiz=SAMPLE_QUIZ)  # published: the content version changes
    [entry] = courses_on_page(client)
    assert (entry.completion.done, entry.completion.total) == (1, 2)
    assert entry.next_lesson.title == second.title


def test_an_unpublished_lesson_leaves_the_course_at_once(client):
    cache.clear()
    module = make_module(make_course(title="Money basics"))
    first = make_lesson(module, quiz=SAMPLE_QUIZ)
    second = make_lesson(module, title="Second", quiz=SAMPLE_QUIZ)
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, first, graded(first))
    client.force_login(learner)
    [entry] = courses_on_page(client)
    assert (entry.completion.done, entry.completion.total) == (1, 2)
    second.unpublish()
    [entry] = courses_on_page(client)
    assert (entry.completion.done, entry.completion.total) == (1, 1)
