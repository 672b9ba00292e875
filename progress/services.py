"""Recording what learners do. Views call these functions; they hold the rules.

The progress issue fills these in (LessonProgress, QuizAttempt). Until then a
graded quiz is shown to the learner and not stored.
"""


def record_quiz_result(user, lesson, result, token=""):
    """Store a signed-in learner's graded quiz for `lesson` (keyed by its translation_key).

    `result` is a lessons.quiz.QuizResult; `token` is the form's one-time token,
    so a form submitted twice is recorded once. Returns the stored attempt, or
    None while recording is not built.
    """
    return None


def save_checklist_ticks(user, lesson, block_id, items):
    """Replace the learner's ticks on one checklist block with `items` (a set of step indexes).

    Returns False, saving nothing, unless `block_id` is a checklist in the
    lesson's body and every index is one of its steps.
    """
    from django.db import transaction

    from .models import ChecklistTick

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
    from .models import ChecklistTick

    if not user.is_authenticated:
        return {}
    ticks = {}
    rows = ChecklistTick.objects.filter(learner=user, lesson_key=lesson.translation_key).values_list("block_id", "item")
    for block_id, item in rows:
        ticks.setdefault(block_id, set()).add(item)
    return ticks
