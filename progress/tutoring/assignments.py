"""Assigning modules: what a tutor can assign, assigning, changing and removing, and what a learner sees.

An assignment stores the English source module's translation key, so it holds
whichever language the learner reads in, and the module's title when it was
assigned, for history. What a module holds (its lessons) is always read from
the pages published now. Every function here makes a fixed number of queries,
however many modules or assignments there are.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from wagtail.models import Page

from lessons.models import CoursePage, LessonPage, ModulePage
from lessons.outline import localize, source_of

from ..models import Assignment
from ..services import Completion, completed_keys

SEARCH_MAX_LENGTH = 100
"""A search longer than this is cut: no title is that long."""

SOON_DAYS = 6
"""A due date up to this many days ahead is shown as a weekday ('Due Friday')."""


def _default_language():
    return settings.LANGUAGE_CODE


# What a tutor can assign ---------------------------------------------------------------------------


@dataclass
class ModuleChoice:
    """One module a tutor can assign: the English source, its title in the active language, its lesson count."""

    module: ModulePage
    title: str
    is_fallback: bool
    lesson_count: int

    @property
    def key(self):
        """The module's translation key as text, the value a form posts."""
        return str(self.module.translation_key)


@dataclass
class CourseChoices:
    """A course and the modules of it a tutor can assign, for the picker."""

    title: str
    is_fallback: bool
    modules: list


def clean_search(query):
    """The search text as typed, without control characters, trimmed and cut to a sane length."""
    text = "".join(ch for ch in str(query or "") if ch.isprintable())
    return text.strip()[:SEARCH_MAX_LENGTH]


def assignable_modules(query, request):
    """Published modules with published lessons, grouped by course, in the active language.

    `query` filters by module or course title, in the active language or in
    English, ignoring case. Returns a list of CourseChoices in course order
    (four queries at most, whatever the number of modules).
    """
    query = clean_search(query).casefold()
    english = _default_language()
    courses = list(
        CoursePage.objects.live().filter(locale__language_code=english).select_related("locale").order_by("path")
    )
    if not courses:
        return []
    modules = list(
        ModulePage.objects.live().filter(locale__language_code=english).select_related("locale").order_by("path")
    )
    lesson_counts = {}
    lesson_paths = LessonPage.objects.live().filter(locale__language_code=english).values_list("path", flat=True)
    for path in lesson_paths:
        parent = path[: -Page.steplen]
        lesson_counts[parent] = lesson_counts.get(parent, 0) + 1
    course_by_path = {course.path: course for course in courses}
    modules = [
        module
        for module in modules
        if module.path[: -Page.steplen] in course_by_path and lesson_counts.get(module.path)
    ]
    items = {item.source.pk: item for item in localize([*courses, *modules], request)}

    grouped = {}
    for module in modules:
        course = course_by_path[module.path[: -Page.steplen]]
        course_item, module_item = items[course.pk], items[module.pk]
        titles = {course.title, course_item.title, module.title, module_item.title}
        if query and not any(query in title.casefold() for title in titles):
            continue
        choice = ModuleChoice(module, module_item.title, module_item.is_fallback, lesson_counts[module.path])
        grouped.setdefault(course.pk, CourseChoices(course_item.title, course_item.is_fallback, [])).modules.append(
            choice
        )
    return [grouped[course.pk] for course in courses if course.pk in grouped]


def published_module(key):
    """The published English source module with this translation key, or None (also for bad input)."""
    try:
        key = uuid.UUID(str(key))
    except (TypeError, ValueError, AttributeError):
        return None
    module = (
        ModulePage.objects.live()
        .filter(translation_key=key, locale__language_code=_default_language())
        .select_related("locale")
        .first()
    )
    if module is None or not CoursePage.objects.live().filter(path=module.path[: -Page.steplen]).exists():
        return None
    return module


def module_item(module_key, request):
    """The published module with this key as an OutlineItem in the active language, or None."""
    module = published_module(module_key)
    return localize([module], request)[0] if module else None


# Assigning, changing and removing --------------------------------------------------------------------


def existing_assignment(group, module_key, learner=None, exclude=None):
    """An assignment that already gives this module to this target in the group, or None.

    A learner already has a module assigned to their whole group, so assigning
    it to them alone again counts as the same assignment.
    """
    rows = Assignment.objects.filter(group=group, module_key=module_key)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    if learner is None:
        rows = rows.filter(learner__isnull=True)
    else:
        rows = rows.filter(Q(learner__isnull=True) | Q(learner=learner))
    return rows.order_by("learner_id").first()


def assign_module(group, module, by, learner=None, due_date=None, note=""):
    """Assign a module (a ModulePage in any language) to the whole group, or to one learner of it.

    Returns (assignment, created). When the target already has the module,
    nothing is stored and the existing assignment comes back with created
    False. Raises ValueError for a learner who is not in the group.
    """
    if learner is not None and not group.learners.filter(pk=learner.pk).exists():
        raise ValueError("The learner is not in this group.")
    source = source_of(module)
    found = existing_assignment(group, source.translation_key, learner)
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                group=group,
                learner=learner,
                module_key=source.translation_key,
                module_title=source.title[:255],
                due_date=due_date,
                note=note,
                assigned_by=by,
            )
    except IntegrityError:  # a second request assigned it at the same moment
        return existing_assignment(group, source.translation_key, learner), False
    return assignment, True


def update_assignment(assignment, learner=None, due_date=None, note=""):
    """Change who an assignment is for, its due date and note.

    Returns False, changing nothing, when the new target already has the
    module in another assignment of the group. Raises ValueError for a
    learner who is not in the group.
    """
    group = assignment.group
    if learner is not None and not group.learners.filter(pk=learner.pk).exists():
        raise ValueError("The learner is not in this group.")
    if existing_assignment(group, assignment.module_key, learner, exclude=assignment) is not None:
        return False
    assignment.learner, assignment.due_date, assignment.note = learner, due_date, note
    try:
        with transaction.atomic():
            assignment.save(update_fields=["learner", "due_date", "note"])
    except IntegrityError:
        return False
    return True


def delete_assignment(assignment):
    """Remove an assignment. The learners' progress in the module stays as it is."""
    assignment.delete()


# What a learner sees ---------------------------------------------------------------------------------


@dataclass
class LearnerAssignment:
    """One module a tutor gave the learner, as My learning shows it.

    `state` is one of "done", "overdue", "today", "soon" (within SOON_DAYS),
    "later" or "none" (no due date); the template words it.
    """

    assignment: Assignment
    module: object  # an OutlineItem in the active language, or None when the module is no longer published
    completion: Completion
    state: str

    @property
    def title(self):
        return self.module.title if self.module else self.assignment.module_title

    @property
    def due_date(self):
        return self.assignment.due_date

    @property
    def note(self):
        return self.assignment.note

    @property
    def done(self):
        return self.state == "done"


def due_state(due_date, complete, today):
    """The words a due date needs relative to today: done, overdue, today, soon, later or none."""
    if complete:
        return "done"
    if due_date is None:
        return "none"
    if due_date < today:
        return "overdue"
    if due_date == today:
        return "today"
    if due_date <= today + timedelta(days=SOON_DAYS):
        return "soon"
    return "later"


def learner_assignments(user):
    """The assignments that reach this learner in the groups they are in now, one per module (one query).

    Where a module reaches them twice (the whole group and them alone, or two
    groups), the one due first is kept.
    """
    rows = Assignment.objects.filter(group__in=user.learner_groups.all()).filter(
        Q(learner__isnull=True) | Q(learner=user)
    )
    chosen = {}
    for assignment in rows.order_by("created_at", "pk"):
        kept = chosen.get(assignment.module_key)
        if kept is None or (assignment.due_date and (kept.due_date is None or assignment.due_date < kept.due_date)):
            chosen[assignment.module_key] = assignment
    return list(chosen.values())


def _sort_key(entry):
    due = entry.due_date
    return (entry.done, due is None, due or entry.assignment.created_at.date(), entry.title.casefold())


def assignments_for_learner(user, today, request=None):
    """The learner's assignments for My learning: title and link in the active language, due state, progress.

    Undone assignments come first, soonest due first; done ones move to the
    end. A module's progress counts its lessons published now. Four queries at
    most (five in a language other than English), however many assignments.
    """
    if not user.is_authenticated:
        return []
    assignments = learner_assignments(user)
    if not assignments:
        return []
    english = _default_language()
    modules = list(
        ModulePage.objects.live()
        .filter(locale__language_code=english, translation_key__in=[a.module_key for a in assignments])
        .select_related("locale")
    )
    module_by_key = {module.translation_key: module for module in modules}
    lessons_by_module = {}
    if modules:
        within = Q()
        for module in modules:
            within |= Q(path__startswith=module.path, depth=module.depth + 1)
        lessons = LessonPage.objects.live().filter(within, locale__language_code=english)
        for path, key in lessons.values_list("path", "translation_key"):
            lessons_by_module.setdefault(path[: -Page.steplen], set()).add(key)
    all_keys = set().union(*lessons_by_module.values()) if lessons_by_module else set()
    done = completed_keys(user, all_keys) if all_keys else set()
    items = {item.source.pk: item for item in localize(modules, request)} if modules else {}

    entries = []
    for assignment in assignments:
        module = module_by_key.get(assignment.module_key)
        keys = lessons_by_module.get(module.path, set()) if module else set()
        completion = Completion(len(keys & done), len(keys))
        entries.append(
            LearnerAssignment(
                assignment=assignment,
                module=items.get(module.pk) if module else None,
                completion=completion,
                state=due_state(assignment.due_date, completion.complete, today),
            )
        )
    entries.sort(key=_sort_key)
    return entries
