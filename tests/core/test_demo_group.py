"""The demo tutor's group: six learners, three assignments, varied progress, someone needing help; created once."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from core.demo import DEMO_GROUP_NAME, DEMO_PASSWORD, ensure_demo_accounts, ensure_demo_group
from lessons.models import LessonPage
from progress import services
from progress.models import Assignment, LearnerGroup, LearningDay, LessonProgress, QuizAttempt
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def build_courses(count=3, lessons=3):
    """`count` courses of one module with `lessons` quizzed lessons each."""
    modules = []
    for n in range(count):
        module = make_module(make_course(f"Demo course {n}"), f"Demo module {n}")
        for _ in range(lessons):
            make_lesson(module, quiz=SAMPLE_QUIZ)
        modules.append(module)
    return modules


def counts():
    return (
        get_user_model().objects.count(),
        LearnerGroup.objects.count(),
        Assignment.objects.count(),
        QuizAttempt.objects.count(),
        LessonProgress.objects.count(),
        LearningDay.objects.count(),
    )


@pytest.fixture
def demo():
    modules = build_courses()
    ensure_demo_accounts()
    report = ensure_demo_group()
    return report, modules


def test_the_group_has_six_learners_and_the_tutor(demo):
    report, _modules = demo
    group = LearnerGroup.objects.get(name=DEMO_GROUP_NAME)
    assert report.group == group and report.created and report.learners_created == 5
    assert list(group.tutors.values_list("username", flat=True)) == ["tutor"]
    learners = list(group.learners.order_by("username"))
    assert [u.username for u in learners] == ["learner", "learner2", "learner3", "learner4", "learner5", "learner6"]
    for user in learners:
        assert user.check_password(DEMO_PASSWORD)
        assert user.display_name and not user.email
        assert list(user.groups.values_list("name", flat=True)) == ["Learners"]


def test_three_assignments_one_overdue_one_this_week_one_next_month(demo):
    _report, modules = demo
    today = timezone.localdate()
    rows = list(Assignment.objects.filter(group__name=DEMO_GROUP_NAME).order_by("due_date"))
    assert len(rows) == 3
    assert all(row.learner is None and row.note and row.assigned_by.username == "tutor" for row in rows)
    assert {row.module_key for row in rows} == {module.translation_key for module in modules}
    overdue, this_week, later = (row.due_date for row in rows)
    assert overdue < today
    assert today < this_week <= today + timedelta(days=6)
    assert later >= today + timedelta(days=28)


def test_progress_is_varied_and_someone_needs_help(demo):
    _report, modules = demo
    User = get_user_model()
    now = timezone.now()
    overdue = Assignment.objects.filter(group__name=DEMO_GROUP_NAME).order_by("due_date").first()
    first_module = next(m for m in modules if m.translation_key == overdue.module_key)
    first_keys = set(LessonPage.objects.live().child_of(first_module).values_list("translation_key", flat=True))

    # Someone failed the same quiz three times and has not passed it since.
    failed_thrice = (
        QuizAttempt.objects.filter(passed=False)
        .values("learner__username", "lesson_key")
        .annotate(n=Count("id"))
        .filter(n__gte=3)
    )
    stuck = [(row["learner__username"], row["lesson_key"]) for row in failed_thrice]
    assert stuck
    for username, lesson_key in stuck:
        assert not QuizAttempt.objects.filter(learner__username=username, lesson_key=lesson_key, passed=True).exists()

    # Someone has not been back for three weeks, with the overdue module unfinished.
    last_seen = {
        user.username: max(
            [p.last_opened_at for p in user.lesson_progress.all()] + [a.submitted_at for a in user.quiz_attempts.all()]
        )
        for user in User.objects.filter(learner_groups__name=DEMO_GROUP_NAME, lesson_progress__isnull=False).distinct()
    }
    inactive = [name for name, seen in last_seen.items() if now - seen >= timedelta(days=20)]
    assert len(inactive) == 1
    inactive_done = set(
        LessonProgress.objects.filter(learner__username=inactive[0], completed_at__isnull=False).values_list(
            "lesson_key", flat=True
        )
    )
    assert first_keys - inactive_done

    # The demo learner finished the whole overdue module; others did not.
    finished = [
        user.username
        for user in User.objects.filter(learner_groups__name=DEMO_GROUP_NAME)
        if first_keys
        <= set(user.lesson_progress.filter(completed_at__isnull=False).values_list("lesson_key", flat=True))
    ]
    assert finished == ["learner"]

    # Passes and fails, all in the past, and every learner but one has done something.
    assert QuizAttempt.objects.filter(passed=True).exists() and QuizAttempt.objects.filter(passed=False).exists()
    assert not QuizAttempt.objects.filter(submitted_at__gt=now).exists()
    assert not LessonProgress.objects.filter(last_opened_at__gt=now).exists()
    assert LessonProgress.objects.values("learner").distinct().count() == 6


def test_a_second_run_adds_nothing(demo):
    before = counts()
    report = ensure_demo_group()
    assert counts() == before
    assert not report.created and report.learners_created == 0


def test_a_learner_who_already_has_progress_is_left_alone():
    build_courses()
    ensure_demo_accounts()
    learner = get_user_model().objects.get(username="learner")
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    services.record_lesson_opened(learner, lesson)
    ensure_demo_group()
    assert LessonProgress.objects.filter(learner=learner).count() == 1
    assert not QuizAttempt.objects.filter(learner=learner).exists()


def test_skipped_without_three_modules_or_the_demo_accounts():
    build_courses(count=2)
    assert ensure_demo_group().skipped  # no demo accounts yet
    ensure_demo_accounts()
    report = ensure_demo_group()
    assert "3 published modules" in report.skipped
    assert not LearnerGroup.objects.exists()
    assert get_user_model().objects.count() == 4


@pytest.fixture
def sample_curriculum(tmp_path, settings):
    from tests.lessons.test_curriculum import SAMPLE

    (tmp_path / "sample.toml").write_text(SAMPLE.replace('["Deposit"]', '["deposit"]'), encoding="utf-8")
    settings.CURRICULUM_COURSES_DIR = tmp_path


def test_the_loader_creates_the_group_once(sample_curriculum, capsys):
    build_courses(count=2)  # with the sample course's module, three modules
    call_command("load_initial_data")
    out = capsys.readouterr().out
    assert "Created the demo group 'Tuesday evening group' for tutor: 6 learners, 3 assigned modules" in out
    assert "learner2 to learner6" in out
    before = counts()
    call_command("load_initial_data")
    assert counts() == before
    assert "already exists; nothing added" in capsys.readouterr().out
