"""Passing a lesson already complete does not repeat the first completion's work (progress/services.py).

The deck and the certificate were settled when the lesson was first completed,
so a re-take records the attempt and the counters only; the first pass still
does both, and a first pass after failed attempts counts as the first completion.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import services
from progress.models import Certificate, LessonProgress, QuizAttempt, ReviewCard
from tests.factories import UserFactory
from tests.lessons.sample_blocks import make_term
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    term = make_term(term="deposit", korean="보증금")
    body = [("vocabulary", {"title": "Words", "terms": [term]})]
    return make_lesson(make_module(make_course(title="Rent")), body=body, quiz=SAMPLE_QUIZ)


def tables(captured):
    return " ".join(query["sql"] for query in captured)


def test_first_pass_after_a_failure_fills_the_deck_and_issues_the_certificate(lesson):
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    assert not ReviewCard.objects.filter(learner=learner).exists()
    services.record_quiz_result(learner, lesson, graded(lesson))
    assert ReviewCard.objects.filter(learner=learner).count() == 1
    assert Certificate.objects.filter(learner=learner).count() == 1


def test_a_retake_of_a_complete_lesson_only_records_the_attempt(lesson):
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, lesson, graded(lesson))
    with CaptureQueriesContext(connection) as captured:
        attempt, recorded = services.record_quiz_result(learner, lesson, graded(lesson))
    assert recorded and attempt.passed
    sql = tables(captured)
    assert "progress_reviewcard" not in sql and "progress_certificate" not in sql and "wagtailcore_page" not in sql
    row = LessonProgress.objects.get(learner=learner)
    assert row.attempt_count == 2 and row.completed_at is not None
    assert QuizAttempt.objects.filter(learner=learner).count() == 2
    assert Certificate.objects.filter(learner=learner).count() == 1


def test_a_failed_retake_keeps_the_lesson_complete(lesson):
    learner = UserFactory(groups=["Learners"])
    services.record_quiz_result(learner, lesson, graded(lesson))
    first_completed = LessonProgress.objects.get(learner=learner).completed_at
    services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    row = LessonProgress.objects.get(learner=learner)
    assert row.completed_at == first_completed and row.attempt_count == 2 and row.best_percent == 100
