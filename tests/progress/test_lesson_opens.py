"""Recording lesson openings (progress/lesson_opens.py): a reload writes nothing, told from the progress row alone."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from progress import lesson_opens, services
from progress.models import LearningDay, LessonProgress
from tests.factories import UserFactory
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return make_lesson(make_module(make_course()), title="Paying rent", quiz=SAMPLE_QUIZ)


@pytest.fixture
def learner():
    return UserFactory(groups=["Learners"])


def test_reloading_the_same_lesson_writes_nothing_more(lesson, learner):
    now = timezone.now()
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now) is True
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now + timedelta(minutes=1)) is False
    assert LessonProgress.objects.get(learner=learner).last_opened_at == now


def test_a_reload_is_told_from_the_database_not_a_cache(lesson, learner):
    """Another process or server, or an emptied cache, still knows the lesson was just opened."""
    now = timezone.now()
    lesson_opens.record_lesson_opened(learner, lesson, now=now)
    cache.clear()
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now + timedelta(minutes=1)) is False


def test_opening_another_lesson_in_between_is_recorded_in_order(lesson, learner):
    other = make_lesson(lesson.get_parent().specific, title="Reading a lease")
    now = timezone.now()
    lesson_opens.record_lesson_opened(learner, lesson, now=now)
    assert lesson_opens.record_lesson_opened(learner, other, now=now + timedelta(minutes=1)) is True
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now + timedelta(minutes=2)) is True
    latest = LessonProgress.objects.filter(learner=learner).order_by("-last_opened_at").first()
    assert latest.lesson_key == lesson.translation_key


def test_a_later_opening_is_recorded_again(lesson, learner):
    now = timezone.now()
    lesson_opens.record_lesson_opened(learner, lesson, now=now)
    later = now + lesson_opens.REOPEN_WINDOW + timedelta(seconds=1)
    assert lesson_opens.record_lesson_opened(learner, lesson, now=later) is True
    assert LessonProgress.objects.get(learner=learner).last_opened_at == later


def test_a_reload_after_midnight_counts_the_new_day(lesson, learner):
    late = timezone.make_aware(datetime(2026, 11, 28, 23, 58))
    lesson_opens.record_lesson_opened(learner, lesson, now=late)
    assert lesson_opens.record_lesson_opened(learner, lesson, now=late + timedelta(minutes=3)) is True
    days = set(LearningDay.objects.filter(learner=learner).values_list("day", flat=True))
    assert days == {late.date(), late.date() + timedelta(days=1)}


def test_a_clock_behind_the_last_opening_writes_again(lesson, learner):
    """An opening dated before the recorded one (another server's clock) is not taken for a reload."""
    now = timezone.now()
    lesson_opens.record_lesson_opened(learner, lesson, now=now)
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now - timedelta(seconds=30)) is True


def test_the_lesson_state_tells_when_it_was_opened_and_whether_another_was_opened_since(lesson, learner):
    other = make_lesson(lesson.get_parent().specific, title="Reading a lease")
    assert services.lesson_state(learner, lesson).opened_at is None
    now = timezone.now()
    services.record_lesson_opened(learner, lesson, now)
    state = services.lesson_state(learner, lesson)
    assert (state.opened_at, state.opened_last) == (now, True)
    services.record_lesson_opened(learner, other, now + timedelta(minutes=1))
    assert services.lesson_state(learner, lesson).opened_last is False
    assert services.lesson_state(learner, other).opened_last is True


def test_another_learners_openings_do_not_count(lesson, learner):
    now = timezone.now()
    lesson_opens.record_lesson_opened(learner, lesson, now=now)
    other = make_lesson(lesson.get_parent().specific, title="Reading a lease")
    services.record_lesson_opened(UserFactory(groups=["Learners"]), other, now + timedelta(minutes=1))
    assert lesson_opens.record_lesson_opened(learner, lesson, now=now + timedelta(minutes=2)) is False
