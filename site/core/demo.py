"""Demo accounts and the demo tutor's group for `make run`. Never created under production settings."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from accounts.roles import EDITORS, LEARNERS, TUTORS

DEMO_PASSWORD = "enok-demo"  # noqa: S105 (published in the README; dev settings only)

# username, display name, groups, superuser
DEMO_ACCOUNTS = [
    ("learner", "Mina", [LEARNERS], False),
    ("tutor", "Tutor Kim", [TUTORS], False),
    ("editor", "Editor Lee", [EDITORS], False),
    ("admin", "Admin", [], True),
]


def ensure_demo_accounts():
    """Create the demo accounts that are missing; return the usernames created."""
    User = get_user_model()
    created = []
    for username, display_name, group_names, superuser in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(
            username=username,
            display_name=display_name,
            is_superuser=superuser,
            is_staff=superuser or EDITORS in group_names,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.get_or_create(name=name)[0] for name in group_names)
        created.append(username)
    return created


# The demo group ------------------------------------------------------------------------------------

DEMO_GROUP_NAME = "Tuesday evening group"
DEMO_TUTOR = "tutor"
DEMO_LEARNER = "learner"

# Five more learners for the demo group: a username and a first-name-only display name, nothing else.
DEMO_GROUP_LEARNERS = [
    ("learner2", "Hana"),
    ("learner3", "Jin"),
    ("learner4", "Sun"),
    ("learner5", "Bora"),
    ("learner6", "Tae"),
]

# Days from today for the three assignments: one overdue, one due this week, one next month.
DEMO_DUE_IN_DAYS = (-5, 3, 30)
DEMO_NOTES = (
    "Please finish this before our next meeting. Ask me if a quiz is hard.",
    "Start with the first lesson. We will practise it together on Tuesday.",
    "No hurry: read one lesson a week.",
)


def ensure_demo_learners():
    """Create the demo group's five extra learner accounts that are missing; return all five."""
    User = get_user_model()
    learners_group = Group.objects.get_or_create(name=LEARNERS)[0]
    users = []
    for username, display_name in DEMO_GROUP_LEARNERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, display_name=display_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(learners_group)
        users.append(user)
    return users


def demo_modules(count=3):
    """Up to `count` published English modules with published lessons: the first of each course, then the rest.

    Returns [(module, [its live lessons in order])].
    """
    from lessons.models import CoursePage, LessonPage, ModulePage

    english = Locale.get_default()
    chosen, spare = [], []
    for course in CoursePage.objects.live().filter(locale=english).order_by("path"):
        modules = [
            (module, list(LessonPage.objects.live().child_of(module).order_by("path")))
            for module in ModulePage.objects.live().child_of(course).order_by("path")
        ]
        modules = [(module, lessons) for module, lessons in modules if lessons]
        if modules:
            chosen.append(modules[0])
            spare.extend(modules[1:])
    return (chosen + spare)[:count]


def _quiz_answers(lesson, wrong):
    """Form data for the lesson's quiz, answering the questions whose index is in `wrong` wrongly.

    Built the way a learner's browser would post it, and graded by lessons.quiz.
    """
    data = {}
    for index, block in enumerate(lesson.quiz):
        right = index not in wrong
        name = f"q-{block.id}"
        value = block.value
        if block.block_type in ("single_choice", "multiple_choice"):
            chosen = [str(i) for i, choice in enumerate(value["choices"]) if bool(choice["correct"]) == right]
            data[name] = chosen[:1] if block.block_type == "single_choice" else chosen
        elif block.block_type == "true_false":
            data[name] = ["true" if bool(value["is_true"]) == right else "false"]
        elif block.block_type == "fill_in_blank":
            data[name] = [str(value["accepted_answers"][0]) if right else "I am not sure"]
        elif block.block_type == "matching":
            rights = [str(pair["right"]) for pair in value["pairs"]]
            for i in range(len(rights)):
                data[f"{name}-{i}"] = [rights[i] if right else rights[i - 1]]
    return data


def _graded(lesson, wrong):
    from django.utils.datastructures import MultiValueDict

    from lessons.quiz import grade_submission

    return grade_submission(lesson.quiz, MultiValueDict(_quiz_answers(lesson, wrong)), lesson.pass_mark).result


def _take_quiz(user, lesson, passed, at):
    """Record one realistic attempt: a pass with one slip where the pass mark allows, or a fail."""
    from progress import services

    questions = range(len(lesson.quiz))
    tries = [{0}, set()] if passed else [set(questions[: max(1, len(questions) - 1)]), set(questions)]
    for wrong in tries:
        result = _graded(lesson, wrong)
        if result is not None and result.passed == passed:
            services.record_quiz_result(user, lesson, result, uuid.uuid4(), submitted_at=at)
            return True
    return False


def _open(user, lesson, at):
    from progress import services

    services.record_lesson_opened(user, lesson, now=at)


def _complete(user, lesson, at):
    """Open a lesson and complete it: pass its quiz, or mark it done when it has none."""
    from progress import services

    _open(user, lesson, at)
    if lesson.quiz:
        _take_quiz(user, lesson, True, at + timedelta(minutes=12))
    else:
        services.mark_lesson_done(user, lesson, now=at + timedelta(minutes=8))


def _fail(user, lesson, at):
    """Open a lesson and fail its quiz (a lesson without a quiz is only opened)."""
    _open(user, lesson, at)
    if lesson.quiz:
        _take_quiz(user, lesson, False, at + timedelta(minutes=10))


def _demo_story(index, user, modules, evening):
    """Record what the index-th learner of the demo group did. `evening(days_ago)` is a fixed time then.

    0 finished the overdue module; 1 is half way; 2 failed the same quiz three
    times (needs help); 3 stopped three weeks ago (needs help); 4 is ahead on
    every module; 5 only just opened the first lesson.
    """
    first, second, third = (lessons for _module, lessons in modules)

    def lesson(lessons, number):
        return lessons[min(number, len(lessons) - 1)]

    if index == 0:
        for number, item in enumerate(first):
            _complete(user, item, evening(max(1, 12 - 2 * number)))
        _complete(user, lesson(second, 0), evening(1))
    elif index == 1:
        _complete(user, lesson(first, 0), evening(6))
        if len(first) > 1:
            _complete(user, lesson(first, 1), evening(4))
        _fail(user, lesson(first, 2), evening(2))
        _open(user, lesson(second, 0), evening(2) + timedelta(minutes=30))
    elif index == 2:
        for days_ago in (5, 3, 1):
            _fail(user, lesson(first, 0), evening(days_ago))
    elif index == 3:
        _complete(user, lesson(first, 0), evening(23))
        _open(user, lesson(first, 1), evening(21))
    elif index == 4:
        _complete(user, lesson(first, 0), evening(9))
        _fail(user, lesson(first, 1), evening(7))
        _complete(user, lesson(first, 1), evening(6))
        _complete(user, lesson(second, 0), evening(3))
        _open(user, lesson(third, 0), evening(2))
    else:
        _open(user, lesson(first, 0), evening(1))


@dataclass
class DemoGroupReport:
    """What ensure_demo_group did, for the loader's output."""

    group: object = None
    created: bool = False
    learners_created: int = 0
    skipped: str = ""


def ensure_demo_group(now=None):
    """Give the demo tutor a group of six learners with assignments and varied progress, once.

    The group "Tuesday evening group" holds the demo `learner` and five more
    learner accounts (created if missing, password DEMO_PASSWORD). Three
    modules of the imported courses are assigned to the whole group, one
    overdue, one due this week and one next month. Learners without any
    progress yet get a recorded history through progress.services, at fixed
    times before `now`: one finished a module, one failed the same quiz three
    times and one has not been back for three weeks (both need help). Running
    it again adds nothing. Skips (and says why) without the demo accounts or
    with fewer than three published modules.
    """
    from progress.models import Assignment, LearnerGroup

    User = get_user_model()
    tutor = User.objects.filter(username=DEMO_TUTOR).first()
    learner = User.objects.filter(username=DEMO_LEARNER).first()
    if tutor is None or learner is None:
        return DemoGroupReport(skipped="the demo tutor and learner accounts are missing")
    modules = demo_modules()
    if len(modules) < len(DEMO_DUE_IN_DAYS):
        return DemoGroupReport(skipped="it needs at least 3 published modules with lessons")

    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DemoGroupReport()
    existing = {user.username for user in User.objects.filter(username__in=[u for u, _n in DEMO_GROUP_LEARNERS])}
    learners = [learner, *ensure_demo_learners()]
    report.learners_created = len(DEMO_GROUP_LEARNERS) - len(existing)
    report.group = LearnerGroup.objects.filter(name=DEMO_GROUP_NAME, tutors=tutor).first()
    if report.group is None:
        report.group = LearnerGroup.objects.create(name=DEMO_GROUP_NAME)
        report.group.tutors.add(tutor)
        report.created = True
    report.group.learners.add(*learners)

    for (module, _lessons), days, note in zip(modules, DEMO_DUE_IN_DAYS, DEMO_NOTES, strict=True):
        Assignment.objects.get_or_create(
            group=report.group,
            module_key=module.translation_key,
            learner=None,
            defaults={
                "module_title": module.title,
                "due_date": today + timedelta(days=days),
                "note": note,
                "assigned_by": tutor,
            },
        )

    local_now = timezone.localtime(now)

    def evening(days_ago):
        day = local_now - timedelta(days=days_ago)
        return day.replace(hour=19, minute=30, second=0, microsecond=0)

    for index, user in enumerate(learners):
        if user.lesson_progress.exists() or user.quiz_attempts.exists():
            continue  # they already have a history (a second run, or someone used the account)
        _demo_story(index, user, modules, evening)
    return report
