"""Cached parts of a lesson page: its outline (place in the module, breadcrumbs) and its rendered body.

Both live in the shared cache (core/page_cache.py), under the content version
that every publish, unpublish, move, delete and glossary, image or audio change
replaces, and are keyed by the page, its latest revision and publication time,
the active language and the site. The body key also holds the data-saver choice
(core.data_saver.is_on), which changes how images render.

Nothing about a person is cached: checklist blocks show the learner's own ticks
and a CSRF token, so they are holes (lessons/holes.py, core/page_frames.py),
rendered for each request, and only the blocks around them come from the cache.
Previews (drafts) are never cached.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import data_saver
from core.page_cache import LocalCopies, keep, make_key, read_kept, timeout
from core.page_frames import render_hole

from . import outline

# Blocks whose HTML depends on who is reading; rendered for every request.
PERSONAL_BLOCK_TYPES = frozenset({"checklist"})
QUIZ_TEMPLATE = "lessons/includes/quiz.html"
ATTEMPTS_TEMPLATE = "lessons/includes/attempt_history.html"
ATTEMPT_TEMPLATE = "lessons/includes/attempt_item.html"
# Learners' "Your attempts" lists last read or rendered in this process, in front of the shared
# cache: a few KB each, kept apart from the pages in core.page_cache.local_copies.
kept_attempt_lists = LocalCopies(size=1000)
# Stand-ins for the per-request values in a cached quiz form.
CSRF_STANDIN = "__enok_quiz_csrf__"
TOKEN_STANDIN = "__enok_quiz_token__"  # noqa: S105 - a placeholder, not a secret


@dataclass(frozen=True)
class Link:
    """A page as linked from another: its title and URL in the active language."""

    title: str
    url: str
    is_fallback: bool = False


def _link(item):
    return Link(item.title, item.url, item.is_fallback) if item is not None else None


def _is_preview(request):
    return getattr(request, "is_preview", False)


def _page_key(kind, page, request, *extra):
    site = getattr(request, "_wagtail_site", None)
    return make_key(
        kind,
        request,
        page.pk,
        page.latest_revision_id,
        page.last_published_at,
        get_language(),
        site.pk if site is not None else None,
        *extra,
    )


def lesson_outline(page, request):
    """(position, crumbs) for a lesson: 'Lesson 2 of 5', its neighbours and ancestors, as plain Links."""
    key = None if _is_preview(request) else _page_key("lesson-outline", page, request)
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    position = outline.lesson_position(page, request)
    value = (
        outline.LessonPosition(
            number=position.number,
            total=position.total,
            previous=_link(position.previous),
            next=_link(position.next),
        ),
        [_link(crumb) for crumb in outline.breadcrumbs(page, request)],
    )
    if key is not None:
        cache.set(key, value, timeout())
    return value


def _render_block(block, context):
    """One body block as {% include_block block with block_id=block.id %} renders it in `context` (a Context)."""
    return render_block(block, context.flatten())


def render_block(block, values):
    """One body block as {% include_block block with block_id=block.id %} renders it, with `values` (a dict)."""
    return conditional_escape(block.render_as_block(context={**values, "block_id": block.id}))


def render_quiz(context):
    """The quiz (lessons/includes/quiz.html) for a template context that holds `page` and `request`.

    A fresh form (no answers, no result) is the same for everyone, so it is kept
    (in the shared cache and as a local copy in this process; its key holds the
    content version) with stand-ins for the CSRF token and the one-time submission
    token, which are filled in for each request. A graded or invalid submission is
    rendered from scratch.
    """
    page, request = context["page"], context["request"]
    template = get_template(QUIZ_TEMPLATE).template
    if context.get("quiz_outcome") is not None or _is_preview(request):
        return template.render(context)
    key = _page_key("lesson-quiz", page, request, request.path)
    html = read_kept(key)
    if html is None:
        with context.push(csrf_token=CSRF_STANDIN, quiz_token=TOKEN_STANDIN):
            html = str(template.render(context))
        keep(key, html)
    csrf_token = conditional_escape(str(context.get("csrf_token", "")))
    quiz_token = conditional_escape(str(context.get("quiz_token", "")))
    # Rendered by the quiz template; the values put back are escaped tokens.
    return mark_safe(html.replace(CSRF_STANDIN, csrf_token).replace(TOKEN_STANDIN, quiz_token))  # noqa: S308


def render_body(context):
    """The lesson body's HTML for a template context that holds `page` and `request`."""
    page, request = context["page"], context["request"]
    body = page.body
    count = len(body)
    parts = None
    key = None
    if not _is_preview(request):
        key = _page_key("lesson-body", page, request, data_saver.is_on(request))
        parts = cache.get(key)
        if parts is not None and len(parts) != count:
            parts = None
    if parts is None:
        parts = [None if block.block_type in PERSONAL_BLOCK_TYPES else _render_block(block, context) for block in body]
        if key is not None:
            cache.set(key, parts, timeout())
    return mark_safe(  # noqa: S308 - every part was escaped or rendered by a block template
        "".join(
            part if part is not None else render_hole("checklist", request, page, context, body[index].id)
            for index, part in enumerate(parts)
        )
    )


def attempt_history(page, request, state, attempts, is_open=False):
    """The learner's "Your attempts" list on a lesson (lessons/includes/attempt_history.html), as HTML.

    `state` is the learner's progress.services.LessonState for the lesson and
    `attempts` a function that loads their attempts. The list is kept per learner,
    lesson, language and state.stamp, which changes whenever an attempt is
    recorded or the learner's progress is erased, so every process (each with its
    own memory cache, or all sharing Redis) shows a new attempt at once without
    being told. Nothing is read or cached for visitors, or for a learner who
    has made no attempt at the lesson (state.attempt_count), nor cached for
    previews. After a new attempt only that attempt's line is rendered: a
    recorded attempt never changes, so each line is kept by itself.
    Lists are also kept in this process (`kept_attempt_lists`): the stamp in the
    key tells when one is out of date, so no other process needs to say so.
    """
    user = request.user
    if not user.is_authenticated or not state.attempt_count:
        return ""
    key = None
    if not _is_preview(request):
        key = _page_key("attempts", page, request, user.pk, page.translation_key, state.stamp, is_open)
        html = read_kept(key, kept_attempt_lists)
        if html is not None:
            return mark_safe(html)  # noqa: S308 - rendered by the template below
    html = render_to_string(ATTEMPTS_TEMPLATE, {"items": _attempt_items(request, attempts()), "open": is_open})
    if key is not None:
        keep(key, str(html), kept_attempt_lists)
    return mark_safe(html)  # noqa: S308 - rendered by a template that escapes its values


def _attempt_items(request, attempts):
    """Each attempt's line of the list (lessons/includes/attempt_item.html), kept per attempt and language."""
    keys = {attempt.pk: make_key("attempt-item", request, attempt.pk, get_language()) for attempt in attempts}
    found = cache.get_many(list(keys.values()))
    rendered = {}
    items = []
    for attempt in attempts:
        html = found.get(keys[attempt.pk])
        if html is None:
            html = rendered[keys[attempt.pk]] = str(render_to_string(ATTEMPT_TEMPLATE, {"attempt": attempt}))
        items.append(mark_safe(html))  # noqa: S308 - rendered by a template that escapes its values
    if rendered:
        cache.set_many(rendered, timeout())
    return items
