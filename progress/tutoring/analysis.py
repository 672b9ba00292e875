"""Question analysis: how a group's learners answered each question of one module's quizzes.

Read from the answers stored with every QuizAttempt (per question: id,
number, prompt, correct, given_text). Questions are matched by block id, which
survives translation, so an answer given in Korean and one in English count as
the same question. The prompt shown is the current quiz block's, in the active
language, where the block still exists; otherwise the prompt stored with the
latest attempt.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from lessons.models import LessonPage, ModulePage
from lessons.outline import localize
from lessons.quiz import build_form

from ..models import QuizAttempt


@dataclass
class QuestionStats:
    """One question: how often it was answered right, and the most common wrong answer."""

    lesson_key: object
    lesson_title: str
    number: int
    prompt: str
    answered: int = 0
    right: int = 0
    wrong_answers: Counter = field(default_factory=Counter)
    learners: set = field(default_factory=set)
    current: bool = True  # the question is still in the lesson's quiz

    @property
    def right_percent(self):
        return round(100 * self.right / self.answered) if self.answered else 0

    @property
    def common_wrong(self):
        """(answer text, count) of the most common wrong answer, or None if nobody got it wrong."""
        if not self.wrong_answers:
            return None
        # Most common first; ties go to the text that sorts first, so the result does not depend on order.
        return min(self.wrong_answers.items(), key=lambda item: (-item[1], item[0]))

    @property
    def learner_count(self):
        return len(self.learners)


def module_lessons(module_key):
    """The published lessons of the module's source (English) page, in order; empty if it is not published."""
    source = ModulePage.objects.live().filter(translation_key=module_key, locale__language_code=_default()).first()
    if source is None:
        return []
    return list(LessonPage.objects.live().child_of(source).select_related("locale").order_by("path"))


def _default():
    return settings.LANGUAGE_CODE.split("-")[0]


def question_analysis(group, module_key, request):
    """QuestionStats for every question of the module's lessons, answered by the group's current learners.

    Ordered by lesson, then question number. Only attempts of learners in the
    group are read.
    """
    lessons = module_lessons(module_key)
    if not lessons:
        return []
    items = localize(lessons, request)
    order, stats = {}, {}
    for position, item in enumerate(items):
        order[item.source.translation_key] = position
        for question in build_form(item.page.quiz):
            stats[(item.source.translation_key, question.id)] = QuestionStats(
                lesson_key=item.source.translation_key,
                lesson_title=item.title,
                number=question.number,
                prompt=question.prompt,
            )
    titles = {item.source.translation_key: item.title for item in items}
    attempts = (
        QuizAttempt.objects.filter(learner__learner_groups=group, lesson_key__in=list(order))
        .order_by("-submitted_at", "-pk")
        .values_list("learner_id", "lesson_key", "answers")
    )
    for learner_id, lesson_key, answers in attempts:
        for answer in answers if isinstance(answers, list) else []:
            if not isinstance(answer, dict) or "id" not in answer:
                continue
            key = (lesson_key, str(answer["id"]))
            entry = stats.get(key)
            if entry is None:  # a question since removed from the quiz: keep it, with its stored prompt
                entry = stats[key] = QuestionStats(
                    lesson_key=lesson_key,
                    lesson_title=titles[lesson_key],
                    number=_int(answer.get("number")),
                    prompt=str(answer.get("prompt") or ""),
                    current=False,
                )
            entry.answered += 1
            entry.learners.add(learner_id)
            if answer.get("correct"):
                entry.right += 1
            else:
                entry.wrong_answers[str(answer.get("given_text") or "")] += 1
    return sorted(stats.values(), key=lambda entry: (order[entry.lesson_key], not entry.current, entry.number))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
