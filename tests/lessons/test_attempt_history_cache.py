"""The cached "Your attempts" list on a lesson page (lessons/render_cache.attempt_history).

It is kept per learner, lesson, language and the learner's LessonProgress stamp,
so a new attempt shows at once, one learner never sees another's list, and
erased progress never brings old attempts back.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import services
from progress.models import LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

ITEM = re.compile(r'<li><a href="/en/learning/attempts/(\d+)/">')


@pytest.fixture
def lesson():
    cache.clear()
    return make_lesson(make_module(make_course()), title="Paying rent", quiz=SAMPLE_QUIZ)


def listed(client, lesson):
    response = client.get(lesson.url)
    assert response.status_code == 200
    return [int(pk) for pk in ITEM.findall(response.content.decode())]


def learner_client(client):
    learner = UserFactory(groups=["Learners"])
    client.force_login(learner)
    return learner


def test_a_new_attempt_shows_at_once_though_the_list_was_cached(client, lesson):
    learner = learner_client(client)
    first, _ = services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    assert listed(client, lesson) == [first.pk]
    assert listed(client, lesson) == [first.pk]  # from the cache
    second, _ = services.record_quiz_result(learner, lesson, graded(lesson))
    assert listed(client, lesson) == [second.pk, first.pk]


def test_a_cached_list_makes_no_attempt_query(client, lesson):
    learner = learner_client(client)
    services.record_quiz_result(learner, lesson, graded(lesson))
    listed(client, lesson)
    with CaptureQueriesContext(connection) as captured:
        listed(client, lesson)
    assert not [q for q in captured if "progress_quizattempt" in q["sql"]]


def test_a_learner_without_attempts_makes_no_attempt_query(client, lesson):
    learner_client(client)
    for _ in range(2):  # opening the lesson first makes the learner's progress row, with no attempts
        with CaptureQueriesContext(connection) as captured:
            assert listed(client, lesson) == []
        assert not [q for q in captured if "progress_quizattempt" in q["sql"]]


def test_a_list_kept_in_this_process_needs_no_shared_cache_read(client, lesson, monkeypatch):
    learner = learner_client(client)
    attempt, _ = services.record_quiz_result(learner, lesson, graded(lesson))
    assert listed(client, lesson) == [attempt.pk]
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or original(key, *a, **k))
    assert listed(client, lesson) == [attempt.pk]
    assert not [key for key in reads if key.startswith("pagecache:attempts:")]


def test_another_learner_never_gets_the_list(client, lesson):
    learner = learner_client(client)
    mine, _ = services.record_quiz_result(learner, lesson, graded(lesson))
    assert listed(client, lesson) == [mine.pk]
    other = learner_client(client)
    assert listed(client, lesson) == []
    theirs, _ = services.record_quiz_result(other, lesson, graded(lesson))
    assert listed(client, lesson) == [theirs.pk]


def test_erased_progress_does_not_bring_old_attempts_back(client, lesson):
    learner = learner_client(client)
    old, _ = services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    assert listed(client, lesson) == [old.pk]
    QuizAttempt.objects.filter(learner=learner).delete()
    LessonProgress.objects.filter(learner=learner).delete()
    assert listed(client, lesson) == []
    new, _ = services.record_quiz_result(learner, lesson, graded(lesson, right=False))  # attempt_count is 1 again
    assert listed(client, lesson) == [new.pk]


def test_completion_follows_the_learners_progress(client, lesson):
    learner = learner_client(client)
    services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    assert "You have completed this lesson." not in client.get(lesson.url).content.decode()
    services.record_quiz_result(learner, lesson, graded(lesson))
    assert "You have completed this lesson." in client.get(lesson.url).content.decode()


def test_lesson_state_for_visitors_and_learners_without_progress(lesson):
    from django.contrib.auth.models import AnonymousUser

    assert services.lesson_state(AnonymousUser(), lesson) == services.LessonState((), False, may_have_ticks=False)
    assert services.lesson_state(UserFactory(), lesson) == services.LessonState((None,), False)


def test_lesson_state_counts_the_attempts(lesson):
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    services.record_quiz_result(learner, lesson, graded(lesson))
    assert services.lesson_state(learner, lesson).attempt_count == 2


def test_after_a_new_attempt_only_its_line_is_rendered(client, lesson, monkeypatch):
    from lessons import render_cache

    learner = learner_client(client)
    for right in (False, False):
        services.record_quiz_result(learner, lesson, graded(lesson, right=right))
    listed(client, lesson)
    rendered = []
    real = render_cache.render_to_string

    def spy(name, context=None, *args, **kwargs):
        rendered.append(name)
        return real(name, context, *args, **kwargs)

    monkeypatch.setattr(render_cache, "render_to_string", spy)
    newest, _ = services.record_quiz_result(learner, lesson, graded(lesson))
    assert listed(client, lesson)[0] == newest.pk
    assert rendered.count(render_cache.ATTEMPT_TEMPLATE) == 1
    assert len(listed(client, lesson)) == 3
