"""The parts of a lesson page that are about its reader (holes, core/page_frames.py).

Each is filled in for every request, from the reader's progress, while the rest
of the page comes from the shared frame. The reader's progress on the lesson is
read once per request for all of them (Reader.remember). The status line, "Mark
as done" and each checklist show the reader only through a small state (done or
not, which steps are ticked), so each is rendered once per state and shared by
the readers in it (Reader.shared); the quiz section shows the reader's own
attempts and is rendered for each.
"""

import uuid

from django.template.loader import get_template
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core.page_cache import SUBMISSION_PLACEHOLDER
from core.page_frames import hole, remember
from progress import services as progress

from . import quiz, render_cache


def lesson_state_of(request, page):
    """The reader's progress.services.LessonState on the lesson, read once per request (no query for visitors).

    The lesson's serve() reads it first, to tell whether this opening needs recording
    (progress/lesson_opens.py). Recording an opening changes nothing the holes show
    from it: a first opening makes a row with no attempts, not complete.
    """
    return remember(request, "lesson_state", lambda: progress.lesson_state(request.user, page))


def lesson_state(reader):
    """The reader's LessonState on this lesson, for the holes (lesson_state_of)."""
    return lesson_state_of(reader.request, reader.page)


def _context(reader, **values):
    request = reader.request
    return {
        "page": reader.page,
        "request": request,
        "user": reader.user,
        "csrf_token": values.pop("csrf_token", None) or reader.csrf_token,
        "LANGUAGE_CODE": get_language(),
        **values,
    }


def _render(template_name, context):
    return get_template(template_name).render(context)


@hole("lesson_status")
def lesson_status(reader, argument):
    """'You have completed this lesson.' under the title, once the reader has."""
    if not lesson_state(reader).complete:
        return ""
    return reader.shared(
        "lesson_status",
        (),
        lambda csrf_token: _render("lessons/includes/lesson_status.html", _context(reader, csrf_token=csrf_token)),
    )


@hole("lesson_done")
def lesson_done(reader, argument):
    """For a lesson without a quiz: 'Mark as done' (signed in, not yet done) or how to keep track (visitors)."""
    if reader.page.quiz or lesson_state(reader).complete:
        return ""
    return reader.shared(
        "lesson_done",
        (),
        lambda csrf_token: _render("lessons/includes/lesson_done.html", _context(reader, csrf_token=csrf_token)),
    )


@hole("quiz")
def quiz_section(reader, argument):
    """The quiz (a form, or this submission's result), whether it was saved, and the reader's attempts.

    With a fresh form the section shows the reader only through their list of
    attempts, so it is shared by the readers with the same list (Reader.shared),
    with a placeholder for the one-time submission token that each response fills in.
    """
    page, request = reader.page, reader.request
    outcome = reader.get("quiz_outcome")
    form = reader.get("quiz_form")
    attempts = render_cache.attempt_history(
        page,
        request,
        lesson_state(reader),
        lambda: progress.attempts_for(reader.user, page),
        is_open=bool(outcome is not None and outcome.result),
    )

    def render(csrf_token):
        context = _context(
            reader,
            csrf_token=csrf_token,
            quiz_outcome=outcome,
            # Built only if the quiz template needs it: a fresh form usually comes from the cache.
            quiz_form=form if form is not None else SimpleLazyObject(lambda: quiz.build_form(page.quiz)),
            # In a frame the page's tokens are filled in last (core/page_frames.py), a fresh one per response.
            quiz_token=SUBMISSION_PLACEHOLDER.decode() if reader.frame_key else uuid.uuid4(),
            quiz_recorded=reader.get("quiz_recorded"),
            attempt_history=attempts,
        )
        return _render("lessons/includes/quiz_section.html", context)

    if outcome is None and form is None:
        return reader.shared("quiz", (str(attempts),), render)
    return render(reader.csrf_token)


@hole("checklist")
def checklist(reader, block_id):
    """One checklist block of the body, with the reader's own ticks."""
    ticks = reader.remember(
        "checklist_ticks",
        lambda: progress.checklist_ticks(reader.user, reader.page) if lesson_state(reader).may_have_ticks else {},
    )
    ticked = tuple(sorted(ticks.get(block_id, ())))

    def render(csrf_token):
        body = reader.page.body
        # Found in the stored data, so that only this block is turned into a value (not the whole body).
        index = next((i for i, item in enumerate(body.raw_data) if item.get("id") == block_id), None)
        if index is None:
            return ""
        context = _context(reader, checklist_ticks={block_id: set(ticked)}, csrf_token=csrf_token)
        return render_cache.render_block(body[index], context)

    return reader.shared("checklist", (block_id, ticked), render)
