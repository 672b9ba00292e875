"""Record that a learner opened a lesson, without a database write on every reload.

Opening a lesson sets LessonProgress.last_opened_at and today's LearningDay
(progress.services.record_lesson_opened). Reloading the lesson a learner is
already on changes neither what "continue where you stopped" shows nor today's
learning day. The learner's progress row on the lesson, read for the page anyway
(services.lesson_state), tells when they last opened it and whether they have
opened any other lesson since: the same lesson again on the same day within
REOPEN_WINDOW, with no other lesson in between, writes nothing. Opening any other
lesson, or the same one later or on another day, writes as before, so the order
of opened lessons stays right. Nothing is kept in a cache, so every process and
server agrees.
"""

from datetime import timedelta

from django.utils import timezone

from . import services

REOPEN_WINDOW = timedelta(minutes=5)


def opened_moments_ago(state, now):
    """True if `state` (a services.LessonState) shows this lesson opened last, within the window, today."""
    if state.opened_at is None or not state.opened_last:
        return False
    same_day = timezone.localdate(state.opened_at) == timezone.localdate(now)
    return same_day and timedelta(0) <= now - state.opened_at < REOPEN_WINDOW


def record_lesson_opened(user, lesson, state=None, now=None):
    """Record the opening unless the learner's state shows this lesson opened moments ago.

    `state` is the learner's services.LessonState on the lesson, read before this
    call (it is read here when not given). Returns True when the opening was written.
    """
    now = now or timezone.now()
    if state is None:
        state = services.lesson_state(user, lesson)
    if opened_moments_ago(state, now):
        return False
    services.record_lesson_opened(user, lesson, now)
    return True
