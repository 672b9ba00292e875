"""Recording what learners do, and reading it back. Views call these functions; they hold the rules.

Completion: a lesson with a quiz is complete once an attempt reaches its pass
mark; a lesson without one once the learner marks it done. A module or course
is complete when every lesson published in it now is. All counters change with
single UPDATE statements (F expressions) and rows are created through unique
constraints, so concurrent requests neither lose nor double-count anything.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.prepared_queries import PreparedQuery

from .models import Certificate, ChecklistTick, LearningDay, LessonProgress, QuizAttempt
from .review import add_lesson_terms

# Recording ---------------------------------------------------------------------------------------


def _progress_row(user, lesson, now):
    """The learner's row for this lesson as it is now, created on first use (safe under concurrency)."""
    row, _created = LessonProgress.objects.get_or_create(
        learner=user,
        lesson_key=lesson.translation_key,
        defaults={"first_opened_at": now, "last_opened_at": now, "lesson_title": lesson.title[:255]},
    )
    return row


def _ensure_progress(user, lesson, now):
    """The learner's row for this lesson (created on first use), as a queryset to update."""
    _progress_row(user, lesson, now)
    return LessonProgress.objects.filter(learner=user, lesson_key=lesson.translation_key)


def _learning_day(user, now):
    LearningDay.objects.get_or_create(learner=user, day=timezone.localdate(now))


def record_lesson_opened(user, lesson, now=None):
    """A signed-in learner opened a lesson: first and last opened, and today counts as a learning day."""
    now = now or timezone.now()
    with transaction.atomic():
        _ensure_progress(user, lesson, now).update(last_opened_at=now, lesson_title=lesson.title[:255])
        _learning_day(user, now)


def parse_token(value):
    """The form's one-time token as a UUID, or None when it is missing or malformed."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


# Answers made offline may be sent this long after they were made; older (or future) times are not believed.
OFFLINE_TIME_LIMIT = timedelta(days=30)
# Phone clocks drift: a "made at" time this little in the future counts as now.
OFFLINE_CLOCK_SKEW = timedelta(minutes=5)


def parse_offline_time(value, now=None):
    """The time an offline answer was made (ISO 8601 with a time zone), or None when it cannot be believed.

    Missing, malformed or naive values, times more than a few minutes in the
    future and times older than OFFLINE_TIME_LIMIT give None, so the caller falls
    back to now. A time within the clock-skew allowance ahead of now is now.
    """
    if not value or not isinstance(value, str) or len(value) > 64:
        return None
    try:
        made_at = parse_datetime(value.strip())
    except ValueError:
        return None
    if made_at is None or timezone.is_naive(made_at):
        return None
    now = now or timezone.now()
    if made_at > now + OFFLINE_CLOCK_SKEW or made_at < now - OFFLINE_TIME_LIMIT:
        return None
    return min(made_at, now)


def record_quiz_result(user, lesson, result, token="", submitted_at=None, made_offline_at=None):
    """Store a graded quiz (lessons.quiz.QuizResult) and update the learner's lesson summary.

    A form submitted twice with the same one-time token is recorded once: the
    second call returns (the first attempt, False). Otherwise returns
    (attempt, True). Passing completes the lesson, puts its terms in the
    learner's review deck, and issues the course's certificate once every
    lesson in it is complete; passing a lesson already complete does neither
    again.

    made_offline_at is the raw "made at" value a phone sends with answers it kept
    while offline: the attempt is marked as made offline and dated then when the
    time is believable (parse_offline_time), else now.
    """
    received = timezone.now()
    made_offline = bool(made_offline_at)
    offline_time = parse_offline_time(made_offline_at, received) if made_offline else None
    now = submitted_at or offline_time or received
    token = parse_token(token) or uuid.uuid4()
    data = result.as_data()
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                learner=user,
                lesson_key=lesson.translation_key,
                lesson_title=lesson.title[:255],
                token=token,
                submitted_at=now,
                received_at=received,
                made_offline=made_offline,
                score=result.score,
                max_score=result.max_score,
                percent=result.percent,
                passed=result.passed,
                answers=data["questions"],
                answers_text=answers_as_text(result),
            )
            updates = {
                "attempt_count": F("attempt_count") + 1,
                "best_percent": Greatest(Coalesce(F("best_percent"), Value(0)), Value(result.percent)),
                "last_opened_at": Greatest(F("last_opened_at"), Value(now, output_field=DateTimeField())),
            }
            if result.passed:
                updates["completed_at"] = Coalesce(F("completed_at"), Value(now, output_field=DateTimeField()))
            was_complete = _progress_row(user, lesson, now).completed_at is not None
            LessonProgress.objects.filter(learner=user, lesson_key=lesson.translation_key).update(**updates)
            _learning_day(user, now)
    except IntegrityError:
        existing = QuizAttempt.objects.filter(learner=user, token=token).first()
        if existing is None:
            raise
        return existing, False
    # Passing a lesson completed before changes neither the deck nor the course's completeness:
    # both were settled when it was first completed (saves four to six queries on every re-take).
    if result.passed and not was_complete:
        add_lesson_terms(user, lesson, timezone.localdate(now))
        issue_certificate_if_complete(user, lesson, now)
    return attempt, True


def answers_as_text(result):
    """Every question with the learner's answer and whether it was right, as a tutor reads it."""
    lines = []
    for question in result.questions:
        mark = "✓" if question.correct else "✗"
        lines.append(f"{question.number}. {question.prompt}\n   {mark} {question.given_text or '—'}")
        if not question.correct:
            lines.append(f"   → {question.correct_text}")
    return "\n".join(lines)


def mark_lesson_done(user, lesson, now=None):
    """Complete a lesson that has no quiz. Lessons with a quiz are completed by passing it."""
    if lesson.quiz:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        _ensure_progress(user, lesson, now).update(
            completed_at=Coalesce(F("completed_at"), Value(now, output_field=DateTimeField()))
        )
        _learning_day(user, now)
    add_lesson_terms(user, lesson, timezone.localdate(now))
    issue_certificate_if_complete(user, lesson, now)
    return True


def issue_certificate_if_complete(user, lesson, now=None):
    """Issue the course certificate once every live lesson of the lesson's course is complete."""
    from lessons.models import CoursePage, LessonPage
    from lessons.outline import source_of

    source = source_of(lesson)
    course = CoursePage.objects.ancestor_of(source).first()
    if course is None:
        return None
    keys = set(LessonPage.objects.live().descendant_of(course).values_list("translation_key", flat=True))
    if not keys or keys - completed_keys(user, keys):
        return None
    certificate, _created = Certificate.objects.get_or_create(
        learner=user,
        course_key=course.translation_key,
        defaults={"course_title": course.title[:255], "issued_at": now or timezone.now()},
    )
    return certificate


# Reading -----------------------------------------------------------------------------------------


def completed_keys(user, keys=None):
    """The translation keys of the lessons this learner has completed (one query)."""
    if not user.is_authenticated:
        return set()
    rows = LessonProgress.objects.filter(learner=user, completed_at__isnull=False)
    if keys is not None:
        rows = rows.filter(lesson_key__in=list(keys))
    return set(rows.values_list("lesson_key", flat=True))


@dataclass
class Completion:
    """How much of a set of lessons is complete."""

    done: int
    total: int

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self):
        return self.total > 0 and self.done == self.total

    @property
    def started(self):
        return self.done > 0


def mark_outline(user, modules):
    """Set .completed on every lesson item and .completion on every module item (one query)."""
    lessons = [lesson for module in modules for lesson in module.children]
    done = completed_keys(user, {lesson.translation_key for lesson in lessons})
    for module in modules:
        for lesson in module.children:
            lesson.completed = lesson.translation_key in done
        module.completion = Completion(sum(lesson.completed for lesson in module.children), len(module.children))
    return Completion(sum(m.completion.done for m in modules), sum(m.completion.total for m in modules))


def mark_lessons(user, lessons):
    """Set .completed on lesson items (one query) and return the Completion of them all."""
    done = completed_keys(user, {lesson.translation_key for lesson in lessons})
    for lesson in lessons:
        lesson.completed = lesson.translation_key in done
    return Completion(sum(lesson.completed for lesson in lessons), len(lessons))


def mark_course_cards(user, topics):
    """Set .completion on every course card of the course index (one query)."""
    cards = [card for _topic, group in topics for card in group]
    done = completed_keys(user, set().union(*(card.lesson_keys for card in cards))) if cards else set()
    for card in cards:
        card.completion = Completion(len(card.lesson_keys & done), len(card.lesson_keys))


def certificate_for(user, course):
    """The learner's certificate for a course, if they have earned one."""
    if not user.is_authenticated:
        return None
    return Certificate.objects.filter(learner=user, course_key=course.translation_key).first()


@dataclass(frozen=True)
class LessonState:
    """A learner's standing on one lesson, from their LessonProgress row.

    `stamp` changes whenever an attempt is recorded (attempt_count), the lesson is
    completed, or the learner's progress is erased and begun again (a new row), so
    anything shown from the learner's attempts can be cached under it.
    `may_have_ticks` is False only when the learner is known to have ticked no
    checklist step in the lesson, so that their ticks need not be read.
    `attempt_count` is how many quiz attempts they have made at it (counted with
    each attempt, in the same transaction), so a learner with none needs no query
    for their attempts. `opened_at` is when they last opened the lesson (None
    without a row), and `opened_last` is True when they have opened no other lesson
    since (progress/lesson_opens.py).
    """

    stamp: tuple
    complete: bool
    may_have_ticks: bool = True
    attempt_count: int = 0
    opened_at: datetime | None = None
    opened_last: bool = False


# Read for every signed-in lesson page: their SQL is made once per connection (core/prepared_queries.py).
_progress_on_lesson = PreparedQuery(
    LessonProgress,
    lambda learner_id, lesson_key: (
        LessonProgress.objects.filter(learner_id=learner_id, lesson_key=lesson_key)
        .only("attempt_count", "completed_at", "last_opened_at")
        .annotate(
            has_ticks=Exists(
                ChecklistTick.objects.filter(learner_id=OuterRef("learner_id"), lesson_key=OuterRef("lesson_key"))
            ),
            opened_other_since=Exists(
                LessonProgress.objects.filter(
                    learner_id=OuterRef("learner_id"), last_opened_at__gt=OuterRef("last_opened_at")
                )
            ),
        )
    ),
    "learner",
    "lesson_key",
)
_ticks_on_lesson = PreparedQuery(
    ChecklistTick,
    lambda learner_id, lesson_key: ChecklistTick.objects.filter(learner_id=learner_id, lesson_key=lesson_key).only(
        "block_id", "item"
    ),
    "learner",
    "lesson_key",
)


def lesson_state(user, lesson):
    """The LessonState of a learner on one lesson (one query; none for visitors).

    The same query tells whether the learner has ticked any checklist step in the
    lesson (most have not, and their ticks are then not read: lessons/holes.py), and
    whether they have opened another lesson since this one (progress/lesson_opens.py).
    """
    if not user.is_authenticated:
        return LessonState(stamp=(), complete=False, may_have_ticks=False)
    # At most one row: one per learner and lesson (a unique constraint).
    row = next(iter(_progress_on_lesson(user.pk, lesson.translation_key)), None)
    if row is None:
        return LessonState(stamp=(None,), complete=False)
    return LessonState(
        stamp=(row.pk, row.attempt_count, row.completed_at),
        complete=row.completed_at is not None,
        may_have_ticks=bool(row.has_ticks),
        attempt_count=row.attempt_count,
        opened_at=row.last_opened_at,
        opened_last=not row.opened_other_since,
    )


def attempts_for(user, lesson, limit=10):
    """The learner's latest attempts at one lesson, newest first (the scores, not the answers)."""
    if not user.is_authenticated:
        return []
    attempts = QuizAttempt.objects.filter(learner=user, lesson_key=lesson.translation_key)
    return list(attempts.defer("answers", "answers_text")[:limit])


# Checklists --------------------------------------------------------------------------------------


def save_checklist_ticks(user, lesson, block_id, items):
    """Replace the learner's ticks on one checklist block with `items` (a set of step indexes).

    Returns False, saving nothing, unless `block_id` is a checklist in the
    lesson's body and every index is one of its steps.
    """
    block = next((b for b in lesson.body if b.id == block_id and b.block_type == "checklist"), None)
    if block is None or any(not 0 <= item < len(block.value["items"]) for item in items):
        return False
    ticks = ChecklistTick.objects.filter(learner=user, lesson_key=lesson.translation_key, block_id=block_id)
    with transaction.atomic():
        ticks.exclude(item__in=items).delete()
        ChecklistTick.objects.bulk_create(
            [
                ChecklistTick(learner=user, lesson_key=lesson.translation_key, block_id=block_id, item=item)
                for item in sorted(items)
            ],
            ignore_conflicts=True,
        )
    return True


def checklist_ticks(user, lesson):
    """{block id: set of ticked step indexes} for one learner and lesson (one query)."""
    if not user.is_authenticated:
        return {}
    ticks = {}
    for tick in _ticks_on_lesson(user.pk, lesson.translation_key):
        ticks.setdefault(tick.block_id, set()).add(tick.item)
    return ticks
