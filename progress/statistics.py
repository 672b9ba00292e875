"""Lesson statistics for editors: how learners fare with each lesson, never who they are.

Everything here is counted over all learners together. Nothing returned names a
learner or carries a user id, so the admin pages built on it cannot show one.

- `lesson_statistics` summarises many lessons at once from the LessonProgress
  rows (one aggregate query, plus one for the course and module titles),
  whatever the number of lessons.
- `question_statistics` reads one lesson's QuizAttempt answers (one query) and
  tells, per question of the lesson's current quiz, how often it was answered
  wrong and the most common wrong answer.

The score shown for a lesson is the average *best* score: each learner who took
the quiz counts once, with their best attempt, so one learner retrying many
times does not pull the figure down.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _
from wagtail.models import Page

from lessons.quiz import build_form, normalise

from .models import LessonProgress, QuizAttempt

MIN_LEARNERS_FOR_BREAKDOWN = 3
"""Per-question figures are shown only once at least this many learners took the quiz.

With one or two learners, "the most common wrong answer" is simply what one
person typed; counts are still shown.
"""


def _percent(part, whole):
    """part / whole as a whole percent (rounded), or None when whole is 0."""
    return round(part * 100 / whole) if whole else None


@dataclass
class LessonStatistics:
    """What learners did with one lesson (all of its translations together)."""

    lesson: Page
    course_title: str = ""
    module_title: str = ""
    started: int = 0
    """Learners with a LessonProgress row: they opened the lesson (or took its quiz)."""
    completed: int = 0
    quiz_takers: int = 0
    """Learners who submitted the quiz at least once."""
    attempts: int = 0
    average_best_percent: int | None = None
    """The average of each quiz taker's best score, rounded; None when nobody took the quiz."""

    @property
    def title(self):
        return self.lesson.title

    @property
    def completion_percent(self):
        """Completed as a share of started, rounded; None when nobody started."""
        return _percent(self.completed, self.started)

    @property
    def shows_breakdown(self):
        """Whether enough learners took the quiz for per-question figures."""
        return self.quiz_takers >= MIN_LEARNERS_FOR_BREAKDOWN


def _ancestor_titles(lessons):
    """{path: title} for the module and course above each lesson, in one query."""
    paths = set()
    for lesson in lessons:
        step = Page.steplen
        paths.update((lesson.path[:-step], lesson.path[: -2 * step]))
    paths.discard("")
    if not paths:
        return {}
    return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))


def lesson_statistics(lessons):
    """A LessonStatistics per lesson, in the order given, in two queries whatever their number.

    `lessons` are LessonPage objects (normally the English source pages);
    progress is counted by translation key, so learners who read a lesson in
    Korean count for it too.
    """
    lessons = list(lessons)
    if not lessons:
        return []
    keys = {lesson.translation_key for lesson in lessons}
    rows = (
        LessonProgress.objects.filter(lesson_key__in=keys)
        .order_by()
        .values("lesson_key")
        .annotate(
            started=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            quiz_takers=Count("id", filter=Q(best_percent__isnull=False)),
            attempts=Sum("attempt_count"),
            average_best=Avg("best_percent"),
        )
    )
    by_key = {row["lesson_key"]: row for row in rows}
    titles = _ancestor_titles(lessons)
    step = Page.steplen
    result = []
    for lesson in lessons:
        row = by_key.get(lesson.translation_key, {})
        average = row.get("average_best")
        result.append(
            LessonStatistics(
                lesson=lesson,
                course_title=titles.get(lesson.path[: -2 * step], ""),
                module_title=titles.get(lesson.path[:-step], ""),
                started=row.get("started", 0),
                completed=row.get("completed", 0),
                quiz_takers=row.get("quiz_takers", 0),
                attempts=row.get("attempts") or 0,
                average_best_percent=None if average is None else round(average),
            )
        )
    return result


@dataclass
class QuestionStatistics:
    """How often one question was answered wrong, over every recorded attempt."""

    id: str
    number: int | None
    kind: str
    prompt: str
    in_quiz: bool = True
    """False for a question that attempts answered but the current quiz no longer has."""
    answered: int = 0
    wrong: int = 0
    common_wrong_answer: str = ""
    common_wrong_count: int = 0
    _wrong_answers: Counter = field(default_factory=Counter, repr=False)
    _wrong_texts: dict = field(default_factory=dict, repr=False)

    @property
    def wrong_percent(self):
        """Wrong answers as a share of answers, rounded; None when never answered."""
        return _percent(self.wrong, self.answered)


def _choice_text(block_value, given):
    """The current text of the choices with these indexes, or None if any index is out of range."""
    choices = list(block_value["choices"])
    if not all(isinstance(index, int) and 0 <= index < len(choices) for index in given):
        return None
    return "; ".join(str(choices[index]["text"]) for index in given)


def _wrong_answer_key(kind, answer):
    """What makes two wrong answers the same answer, whatever language the learner used.

    Choices and true/false are compared by what was chosen (indexes, a
    boolean), which is the same in every translation; typed answers as a
    fill-in is graded (case and spacing ignored); matching by its text.
    """
    given = answer.get("given")
    if kind in ("single_choice", "multiple_choice") and isinstance(given, list):
        return json.dumps(given)
    if kind == "true_false" and isinstance(given, bool):
        return json.dumps(given)
    if kind == "fill_in_blank" and isinstance(given, str):
        return normalise(given)
    return str(answer.get("given_text", ""))


def _wrong_answer_text(kind, block_value, answer):
    """The wrong answer as an editor reads it: in the source language where the quiz allows it."""
    given = answer.get("given")
    if block_value is not None and kind in ("single_choice", "multiple_choice") and isinstance(given, list):
        text = _choice_text(block_value, given)
        if text is not None:
            return text
    if kind == "true_false" and isinstance(given, bool):
        return _("True") if given else _("False")
    return str(answer.get("given_text", ""))


def question_statistics(lesson):
    """Per question of `lesson`'s quiz, how often it was answered wrong, most often wrong first.

    Reads the answers of every attempt at the lesson (any translation) in one
    query and matches them to the current quiz blocks by block id, which
    translations share. Questions that attempts answered but the quiz no
    longer has are kept, with the prompt the attempts recorded, after the
    current ones. Choice answers are shown with the current wording of the
    choices they picked; if an editor reorders a question's choices, older
    answers to it are shown with the new order's wording.
    """
    blocks = {str(child.id): child.value for child in lesson.quiz if child.id}
    stats = {
        question.id: QuestionStatistics(
            id=question.id, number=question.number, kind=question.kind, prompt=question.prompt
        )
        for question in build_form(lesson.quiz)
    }
    answer_lists = (
        QuizAttempt.objects.filter(lesson_key=lesson.translation_key)
        .order_by("submitted_at", "id")  # a wrong answer is shown as it was first written
        .values_list("answers", flat=True)
    )
    for answers in answer_lists.iterator():
        if not isinstance(answers, list):
            continue
        for answer in answers:
            if not isinstance(answer, dict) or "id" not in answer:
                continue
            question_id = str(answer["id"])
            kind = str(answer.get("kind", ""))
            question = stats.get(question_id)
            if question is None:
                question = stats[question_id] = QuestionStatistics(
                    id=question_id, number=None, kind=kind, prompt=str(answer.get("prompt", "")), in_quiz=False
                )
            question.answered += 1
            if answer.get("correct"):
                continue
            question.wrong += 1
            key = _wrong_answer_key(kind, answer)
            question._wrong_answers[key] += 1
            if key not in question._wrong_texts:
                question._wrong_texts[key] = _wrong_answer_text(kind, blocks.get(question_id), answer)
    for question in stats.values():
        if question._wrong_answers:
            key, count = question._wrong_answers.most_common(1)[0]
            question.common_wrong_answer, question.common_wrong_count = question._wrong_texts[key], count
    return sorted(
        stats.values(),
        key=lambda q: (not q.in_quiz, -(q.wrong_percent or 0), q.number or 0, q.id),
    )
