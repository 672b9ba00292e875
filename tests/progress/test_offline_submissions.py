"""Quiz answers made offline: the phone's "made at" time is recorded when believable, once per token."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from progress import services
from progress.models import LearningDay, LessonProgress, QuizAttempt
from tests.progress.helpers import answers, graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


@pytest.fixture
def lesson():
    return make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)


# Parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-27T09:30:00Z", datetime(2026, 11, 27, 9, 30, tzinfo=UTC)),
        ("2026-11-27T04:30:00-05:00", datetime(2026, 11, 27, 9, 30, tzinfo=UTC)),
        ("2026-11-27T09:30:00.123Z", datetime(2026, 11, 27, 9, 30, 0, 123000, tzinfo=UTC)),
        ("2026-10-29T15:00:01Z", datetime(2026, 10, 29, 15, 0, 1, tzinfo=UTC)),  # just inside 30 days
        ("2026-11-28T15:03:00Z", NOW),  # a few minutes ahead: a phone clock running fast counts as now
    ],
)
def test_believable_times_are_kept(value, expected):
    assert services.parse_offline_time(value, NOW) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "yesterday",
        "2026-11-27",  # a date, not a time
        "2026-11-27T09:30:00",  # no time zone: cannot be placed
        "2026-13-45T99:00:00Z",  # looks like a time but is not one
        "2026-11-28T16:00:00Z",  # an hour in the future
        "2099-01-01T00:00:00Z",
        "2026-10-28T14:59:59Z",  # older than 30 days
        "1970-01-01T00:00:00Z",
        "2026-11-27T09:30:00Z" + " " * 100,  # absurdly long
    ],
)
def test_unbelievable_times_are_refused(value):
    assert services.parse_offline_time(value, NOW) is None


# Recording through the service ------------------------------------------------------------------


def test_an_offline_attempt_is_dated_when_it_was_made(learner, lesson):
    made = timezone.now() - timedelta(days=2)
    attempt, created = services.record_quiz_result(
        learner, lesson, graded(lesson), str(uuid.uuid4()), made_offline_at=made.isoformat()
    )
    assert created
    attempt.refresh_from_db()
    assert attempt.submitted_at == made
    assert attempt.made_offline is True
    assert attempt.received_at > made and timezone.now() - attempt.received_at < timedelta(minutes=1)
    progress = LessonProgress.objects.get(learner=learner)
    assert progress.completed_at == made  # completed when the learner passed, on the phone
    assert LearningDay.objects.filter(learner=learner, day=timezone.localdate(made)).exists()


@pytest.mark.parametrize("bad", ["not a time", "2099-01-01T00:00:00Z", "2000-01-01T00:00:00Z"])
def test_an_unbelievable_offline_time_falls_back_to_now_but_is_still_marked_offline(learner, lesson, bad):
    before = timezone.now()
    attempt, created = services.record_quiz_result(learner, lesson, graded(lesson), "", made_offline_at=bad)
    assert created
    assert before <= attempt.submitted_at <= timezone.now()
    assert attempt.submitted_at == attempt.received_at
    assert attempt.made_offline is True


def test_an_online_attempt_is_received_when_submitted(learner, lesson):
    attempt, _ = services.record_quiz_result(learner, lesson, graded(lesson), str(uuid.uuid4()))
    assert attempt.made_offline is False
    assert attempt.submitted_at == attempt.received_at


def test_the_same_offline_token_is_recorded_once(learner, lesson):
    token = str(uuid.uuid4())
    made = (timezone.now() - timedelta(hours=3)).isoformat()
    first, created = services.record_quiz_result(learner, lesson, graded(lesson), token, made_offline_at=made)
    again, created_again = services.record_quiz_result(learner, lesson, graded(lesson), token, made_offline_at=made)
    assert created and not created_again and again.pk == first.pk
    assert QuizAttempt.objects.count() == 1
    assert LessonProgress.objects.get(learner=learner).attempt_count == 1


# Through the lesson page, as offline.js sends them -------------------------------------------------


def test_lesson_post_with_made_at_records_the_offline_time(client, learner, lesson):
    client.force_login(learner)
    made = (timezone.now() - timedelta(hours=5)).replace(microsecond=0)
    data = {**answers(lesson), "submission_token": str(uuid.uuid4()), "offline_made_at": made.isoformat()}
    first = client.post(lesson.url, data)
    second = client.post(lesson.url, data)  # the phone retried after a dropped connection
    assert first.status_code == second.status_code == 200
    assert "Saved to your progress." in first.content.decode()
    assert "already saved" in second.content.decode()
    attempt = QuizAttempt.objects.get()
    assert attempt.submitted_at == made and attempt.made_offline


def test_two_queued_submissions_with_their_own_tokens_are_two_attempts(client, learner, lesson):
    client.force_login(learner)
    for hours in (6, 5):
        made = (timezone.now() - timedelta(hours=hours)).isoformat()
        client.post(
            lesson.url,
            {**answers(lesson), "submission_token": str(uuid.uuid4()), "offline_made_at": made},
        )
    assert QuizAttempt.objects.filter(made_offline=True).count() == 2


def test_a_future_made_at_through_the_page_is_recorded_as_now(client, learner, lesson):
    client.force_login(learner)
    client.post(
        lesson.url,
        {**answers(lesson), "submission_token": str(uuid.uuid4()), "offline_made_at": "2999-01-01T00:00:00Z"},
    )
    attempt = QuizAttempt.objects.get()
    assert timezone.now() - attempt.submitted_at < timedelta(minutes=1)


def test_an_offline_post_without_a_session_records_nothing(client, lesson):
    made = (timezone.now() - timedelta(hours=1)).isoformat()
    response = client.post(
        lesson.url, {**answers(lesson), "submission_token": str(uuid.uuid4()), "offline_made_at": made}
    )
    assert response.status_code == 200
    assert "Your answers are checked but not saved." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_an_offline_post_without_csrf_is_refused(learner, lesson):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    made = (timezone.now() - timedelta(hours=1)).isoformat()
    response = client.post(
        lesson.url, {**answers(lesson), "submission_token": str(uuid.uuid4()), "offline_made_at": made}
    )
    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()
