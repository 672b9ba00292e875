"""What a tutor's group dashboard and learner detail show, computed in a fixed number of queries.

The dashboard is a grid of the group's learners × the modules assigned in the
group (to the whole group, or to one of its learners). Every number comes from
a fixed set of queries (values_list and aggregation, never one per learner or
per module), so the page costs the same for 5 learners as for 200 learners
with 20 modules each. The clock is passed in (`today`) so tests can fix it.

A module's percentage counts the lessons published in it now; progress is kept
against lesson translation keys, so a lesson done in Korean counts in English.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from lessons.models import LessonPage, ModulePage

from ..models import Assignment, Certificate, LessonProgress, QuizAttempt
from ..services import Completion

FAILED_ATTEMPTS_FOR_HELP = 3
"""Failing the same quiz this many times, without passing it since, flags a learner as needing help."""

INACTIVE_DAYS_FOR_HELP = 14
"""This many days without opening a lesson or taking a quiz, with unfinished assignments, flags a learner."""

CHART_WEEKS = 12
"""How many weeks the group's chart of completed lessons covers, ending with the current week."""

SORTS = ("name", "progress")
"""The orders the grid can be sorted in: by name, or least overall progress first."""


# Statuses ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """How far a learner is with one module (or lesson): a key for CSS, a symbol and words."""

    key: str
    symbol: str
    label: str

    def __str__(self):
        return str(self.label)


NOT_STARTED = Status("not-started", "○", _("Not started"))
IN_PROGRESS = Status("in-progress", "◐", _("In progress"))
DONE = Status("done", "✓", _("Done"))
OVERDUE = Status("overdue", "!", _("Overdue"))
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, OVERDUE)


def module_status(completion, started, due_date, today):
    """The status of an assigned module: done, overdue (due date passed, not done), in progress or not started.

    `started` is True when the learner opened any of the module's lessons.
    """
    if completion.complete:
        return DONE
    if due_date is not None and due_date < today:
        return OVERDUE
    if started or completion.started:
        return IN_PROGRESS
    return NOT_STARTED


def lesson_status(opened, completed):
    """The status of one lesson: done, in progress (opened) or not started."""
    if completed:
        return DONE
    return IN_PROGRESS if opened else NOT_STARTED


# What the grid holds -----------------------------------------------------------------------------


@dataclass
class Column:
    """One assigned module: its key, its title in the active language, and its published lessons."""

    key: object
    title: str
    lesson_keys: list = field(default_factory=list)
    group_assignment: Assignment | None = None

    @property
    def due_date(self):
        """The due date for the whole group, if the module is assigned to the whole group with one."""
        return self.group_assignment.due_date if self.group_assignment else None


@dataclass
class Cell:
    """One learner × one assigned module."""

    completion: Completion
    status: Status
    assignment: Assignment
    due_date: object = None

    @property
    def percent(self):
        return self.completion.percent


@dataclass(frozen=True)
class HelpReason:
    """Why a learner is flagged as needing help, in words."""

    kind: str  # "failed" or "inactive"
    count: int  # failed attempts, or days without activity
    lesson_title: str = ""

    @property
    def text(self):
        if self.kind == "failed" and not self.lesson_title:
            return ngettext(
                "Failed a quiz %(count)d time without passing it since",
                "Failed a quiz %(count)d times without passing it since",
                self.count,
            ) % {"count": self.count}
        if self.kind == "failed":
            return ngettext(
                "Failed the quiz “%(lesson)s” %(count)d time without passing it since",
                "Failed the quiz “%(lesson)s” %(count)d times without passing it since",
                self.count,
            ) % {"lesson": self.lesson_title, "count": self.count}
        return ngettext(
            "No activity for %(count)d day, with unfinished assignments",
            "No activity for %(count)d days, with unfinished assignments",
            self.count,
        ) % {"count": self.count}

    def __str__(self):
        return self.text


@dataclass
class Row:
    """One learner of the group: a cell per column (None where the module is not assigned to them)."""

    learner: object
    cells: list
    last_activity: datetime | None
    help_reasons: list = field(default_factory=list)

    @property
    def completion(self):
        """Overall progress over every module assigned to this learner."""
        cells = [cell for cell in self.cells if cell is not None]
        return Completion(sum(c.completion.done for c in cells), sum(c.completion.total for c in cells))

    @property
    def needs_help(self):
        return bool(self.help_reasons)

    @property
    def unfinished(self):
        return any(cell is not None and cell.status is not DONE for cell in self.cells)


@dataclass
class Grid:
    """The group dashboard's table: columns (assigned modules) and rows (learners)."""

    columns: list
    rows: list
    sort: str = "name"

    @property
    def needing_help(self):
        return [row for row in self.rows if row.needs_help]


# Queries -----------------------------------------------------------------------------------------


def _default_language():
    return settings.LANGUAGE_CODE.split("-")[0]


def _last(model, date_field):
    """A subquery: the learner's latest `date_field` in `model` (uses the learner-first indexes)."""
    rows = model.objects.filter(learner=OuterRef("pk")).order_by(f"-{date_field}").values(date_field)[:1]
    return Subquery(rows)


def group_learners(group):
    """The group's learners with `last_opened` and `last_attempt` annotated (one query)."""
    return list(
        get_user_model()
        .objects.filter(learner_groups=group)
        .annotate(last_opened=_last(LessonProgress, "last_opened_at"), last_attempt=_last(QuizAttempt, "submitted_at"))
        .only("id", "username", "display_name", "date_joined")
        .order_by("username")
    )


def last_activity(learner):
    """The later of a learner's last opened lesson and last quiz attempt (annotated by group_learners)."""
    times = [t for t in (getattr(learner, "last_opened", None), getattr(learner, "last_attempt", None)) if t]
    return max(times) if times else None


def group_assignments(group, learner_ids):
    """The group's assignments to the whole group or to one of its current learners (one query)."""
    rows = Assignment.objects.filter(group=group).order_by(F("due_date").asc(nulls_last=True), "created_at", "pk")
    return [a for a in rows if a.learner_id is None or a.learner_id in learner_ids]


def module_outline(module_keys):
    """{module key: (title in the active language, [published lesson keys in order])} in two queries.

    The English tree is the source: its live modules and lessons decide what a
    module holds. The title is the active language's live translation where
    there is one. Modules no longer published are missing from the result.
    """
    module_keys = list(module_keys)
    if not module_keys:
        return {}
    languages = {_default_language(), get_language() or _default_language()}
    modules = ModulePage.objects.live().filter(translation_key__in=module_keys, locale__language_code__in=languages)
    sources, titles = {}, {}
    for key, language, path, depth, title in modules.values_list(
        "translation_key", "locale__language_code", "path", "depth", "title"
    ):
        if language == _default_language():
            sources[key] = (path, depth)
            titles.setdefault(key, title)
        if language == get_language():
            titles[key] = title
    outline = {key: (titles[key], []) for key in sources}
    if not sources:
        return outline
    by_path = {path: key for key, (path, _depth) in sources.items()}
    within = Q()
    for path, depth in sources.values():
        within |= Q(path__startswith=path, depth=depth + 1)
    lessons = (
        LessonPage.objects.live()
        .filter(locale__language_code=_default_language())
        .filter(within)
        .order_by("path")
        .values_list("path", "translation_key")
    )
    for path, lesson_key in lessons:
        key = by_path.get(path[: -Page.steplen])
        if key is not None:
            outline[key][1].append(lesson_key)
    return outline


def _columns(assignments, outline):
    columns = {}
    for assignment in assignments:
        column = columns.get(assignment.module_key)
        if column is None:
            title, lesson_keys = outline.get(assignment.module_key, (assignment.module_title, []))
            column = columns[assignment.module_key] = Column(assignment.module_key, title, list(lesson_keys))
        if assignment.learner_id is None:
            column.group_assignment = assignment
    return list(columns.values())


def _failed_quizzes(attempts):
    """{learner id: [(lesson title, failed count)]} for quizzes failed 3+ times without a pass since.

    `attempts` is the QuizAttempt queryset to look in (a group's, or one
    learner's). One query: a failed attempt counts unless the same learner
    passed the same quiz after it.
    """
    passed_later = QuizAttempt.objects.filter(
        learner=OuterRef("learner"),
        lesson_key=OuterRef("lesson_key"),
        passed=True,
        submitted_at__gt=OuterRef("submitted_at"),
    )
    rows = (
        attempts.filter(passed=False)
        .exclude(Exists(passed_later))
        .order_by()
        .values("learner_id", "lesson_key")
        .annotate(failed=Count("id"), title=Max("lesson_title"))
        .filter(failed__gte=FAILED_ATTEMPTS_FOR_HELP)
        .order_by("learner_id", "title")
    )
    found = {}
    for row in rows:
        found.setdefault(row["learner_id"], []).append((row["title"], row["failed"]))
    return found


def failed_quizzes(group):
    """Quizzes the group's learners failed 3+ times without passing since: {learner id: [(title, count)]}."""
    return _failed_quizzes(QuizAttempt.objects.filter(learner__learner_groups=group))


def _progress(group, lesson_keys):
    """{(learner id, lesson key): completed?} for the group's learners and these lessons (one query)."""
    if not lesson_keys:
        return {}
    rows = LessonProgress.objects.filter(learner__learner_groups=group, lesson_key__in=list(lesson_keys))
    done = ExpressionWrapper(Q(completed_at__isnull=False), output_field=BooleanField())
    values = rows.order_by().annotate(done=done).values_list("learner_id", "lesson_key", "done")
    return {(learner_id, key): done for learner_id, key, done in values}


def help_reasons(learner, row, failures, today):
    """Why a learner needs help: each quiz failed 3+ times without a pass since, and inactivity.

    Inactive means 14 days or more since the last lesson opened or quiz taken
    (since the account was created, for a learner who never started) while an
    assigned module is not done.
    """
    reasons = [HelpReason("failed", count, title) for title, count in failures.get(learner.pk, [])]
    if row.unfinished:
        last = row.last_activity or learner.date_joined
        days = (today - timezone.localdate(last)).days
        if days >= INACTIVE_DAYS_FOR_HELP:
            reasons.append(HelpReason("inactive", days))
    return reasons


def sort_rows(rows, sort):
    """Sort rows in place: by name, or by overall progress (least first, so who is stuck comes first)."""
    by_name = lambda row: (row.learner.shown_name.casefold(), row.learner.username)  # noqa: E731
    rows.sort(key=by_name)
    if sort == "progress":
        rows.sort(key=lambda row: (row.completion.percent, row.completion.done))
    return rows


def build_grid(group, today, sort="name"):
    """The group dashboard's grid for `today`, sorted by "name" or "progress". A fixed number of queries.

    Each row's cells line up with the columns; a cell is None when that module
    is assigned to another learner only. Each row carries its help reasons.
    """
    learners = group_learners(group)
    learner_ids = {learner.pk for learner in learners}
    assignments = group_assignments(group, learner_ids)
    outline = module_outline({a.module_key for a in assignments})
    columns = _columns(assignments, outline)
    all_lessons = {key for column in columns for key in column.lesson_keys}
    progress = _progress(group, all_lessons)
    failures = failed_quizzes(group)
    individual = {(a.learner_id, a.module_key): a for a in assignments if a.learner_id is not None}

    rows = []
    for learner in learners:
        cells = []
        for column in columns:
            assignment = individual.get((learner.pk, column.key), column.group_assignment)
            if assignment is None:
                cells.append(None)
                continue
            states = [progress.get((learner.pk, key)) for key in column.lesson_keys]
            completion = Completion(sum(1 for state in states if state), len(states))
            started = any(state is not None for state in states)
            status = module_status(completion, started, assignment.due_date, today)
            cells.append(Cell(completion, status, assignment, assignment.due_date))
        row = Row(learner, cells, last_activity(learner))
        row.help_reasons = help_reasons(learner, row, failures, today)
        rows.append(row)
    sort = sort if sort in SORTS else "name"
    return Grid(columns, sort_rows(rows, sort), sort)


# The chart's data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """One week (starting Monday) and how many lessons the group completed in it."""

    start: object
    count: int


def weekly_completions(group, today, weeks=CHART_WEEKS):
    """Lessons completed by the group's learners per week, the last `weeks` weeks up to `today` (one query)."""
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first, time.min))
    days = (
        LessonProgress.objects.filter(learner__learner_groups=group, completed_at__gte=since)
        .annotate(day=TruncDate("completed_at"))
        .order_by()
        .values("day")
        .annotate(count=Count("id"))
        .values_list("day", "count")
    )
    counts = {}
    for day, count in days:
        if day <= today:
            start = day - timedelta(days=day.weekday())
            counts[start] = counts.get(start, 0) + count
    return [Week(first + timedelta(weeks=i), counts.get(first + timedelta(weeks=i), 0)) for i in range(weeks)]


# One learner -------------------------------------------------------------------------------------


@dataclass
class LessonLine:
    """One lesson of an assigned module, for one learner."""

    key: object
    title: str
    status: Status
    best_percent: int | None
    attempts: int
    completed_at: datetime | None


@dataclass
class ModuleReport:
    """One module assigned to the learner, with the status of each of its lessons."""

    column: Column
    assignment: Assignment
    completion: Completion
    status: Status
    lessons: list


@dataclass
class LearnerReport:
    """Everything a tutor sees about one learner of their group."""

    learner: object
    last_activity: datetime | None
    modules: list
    attempts: list
    certificates: list
    help_reasons: list


def _lesson_titles(lesson_keys):
    """{lesson key: title in the active language (the source's where untranslated)} (one query)."""
    if not lesson_keys:
        return {}
    languages = {_default_language(), get_language() or _default_language()}
    titles = {}
    rows = LessonPage.objects.live().filter(translation_key__in=list(lesson_keys), locale__language_code__in=languages)
    for key, language, title in rows.values_list("translation_key", "locale__language_code", "title"):
        if language == get_language() or key not in titles:
            titles[key] = title
    return titles


def learner_report(group, learner, today, attempt_limit=50):
    """One learner of the group: last activity, each assigned module and lesson, attempts, certificates.

    Only this learner's rows are read. The modules are those assigned in this
    group to the whole group or to this learner. A fixed number of queries.
    """
    assignments = [a for a in group_assignments(group, {learner.pk}) if a.learner_id in (None, learner.pk)]
    outline = module_outline({a.module_key for a in assignments})
    columns = _columns(assignments, outline)
    chosen = {}
    for assignment in assignments:  # an assignment to the learner wins over the group's
        if assignment.learner_id is not None or assignment.module_key not in chosen:
            chosen[assignment.module_key] = assignment
    progress = {row.lesson_key: row for row in LessonProgress.objects.filter(learner=learner)}
    lesson_keys = {key for column in columns for key in column.lesson_keys}
    titles = _lesson_titles(lesson_keys)
    modules = []
    for column in columns:
        lessons = []
        for key in column.lesson_keys:
            row = progress.get(key)
            lessons.append(
                LessonLine(
                    key=key,
                    title=titles.get(key) or (row.lesson_title if row else ""),
                    status=lesson_status(row is not None, row is not None and row.completed_at is not None),
                    best_percent=row.best_percent if row else None,
                    attempts=row.attempt_count if row else 0,
                    completed_at=row.completed_at if row else None,
                )
            )
        completion = Completion(sum(line.status is DONE for line in lessons), len(lessons))
        started = any(line.status is not NOT_STARTED for line in lessons)
        assignment = chosen[column.key]
        status = module_status(completion, started, assignment.due_date, today)
        modules.append(ModuleReport(column, assignment, completion, status, lessons))

    attempts = list(QuizAttempt.objects.filter(learner=learner).order_by("-submitted_at", "-pk")[:attempt_limit])
    certificates = list(Certificate.objects.filter(learner=learner).order_by("-issued_at"))
    opened = [row.last_opened_at for row in progress.values()]
    times = [t for t in (max(opened, default=None), attempts[0].submitted_at if attempts else None) if t]
    last = max(times) if times else None

    row = Row(learner, [Cell(m.completion, m.status, m.assignment, m.assignment.due_date) for m in modules], last)
    reasons = help_reasons(learner, row, _failed_quizzes(QuizAttempt.objects.filter(learner=learner)), today)
    return LearnerReport(learner, last, modules, attempts, certificates, reasons)


def answer_lines(attempt):
    """The answers of an attempt as a list of dicts to show (number, prompt, given, correct, right answer).

    Falls back to an empty list when the stored data is not a list of
    questions; the template then shows `answers_text`.
    """
    lines = []
    if not isinstance(attempt.answers, list):
        return lines
    for index, question in enumerate(attempt.answers, start=1):
        if not isinstance(question, dict):
            return []
        lines.append(
            {
                "number": question.get("number") or index,
                "prompt": str(question.get("prompt") or ""),
                "given": str(question.get("given_text") or ""),
                "correct": bool(question.get("correct")),
                "correct_text": str(question.get("correct_text") or ""),
            }
        )
    return lines
