"""Record that a learner opened a lesson, without a database write on every reload.

Opening a lesson sets LessonProgress.last_opened_at and today's LearningDay
(progress.services.record_lesson_opened). Reloading the lesson a learner is
already on changes neither what "continue where you stopped" shows nor today's
learning day, so the shared cache remembers, per learner, the last lesson
recorded and when: the same lesson again on the same day within REOPEN_WINDOW
writes nothing. Opening any other lesson, or the same one later or on another
day, writes as before, so the order of opened lessons stays right.
"""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from . import services

REOPEN_WINDOW = timedelta(minutes=5)
CACHE_KEY = "lesson-opened:{user_id}"


def record_lesson_opened(user, lesson, now=None):
    """Record the opening unless this learner's last recorded opening was this lesson moments ago.

    Returns True when the opening was written.
    """
    now = now or timezone.now()
    key = CACHE_KEY.format(user_id=user.pk)
    mark = (str(lesson.translation_key), timezone.localdate(now))
    last = cache.get(key)
    if last is not None and last[:2] == mark and timedelta(0) <= now - last[2] < REOPEN_WINDOW:
        return False
    services.record_lesson_opened(user, lesson, now)
    cache.set(key, (*mark, now), timeout=int(REOPEN_WINDOW.total_seconds()))
    return True
