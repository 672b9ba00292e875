"""How long the tutor's group dashboard takes on the server for 200 learners × 20 modules × 5 lessons.

Run from the repository root:

    DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python benchmarks/tutor_dashboard.py

Without DATABASE_URL it builds a throw-away SQLite database in a temporary
folder and removes it afterwards. With DATABASE_URL it writes into that
database, which must be a throw-away one too (for example an empty PostgreSQL
database): the script migrates it and adds a course, a tutor, 200 learners and
their progress. It prints the median server time of several requests (through
Django's test client, so middleware and template rendering count) and the
number of queries. It asserts nothing; query counts are asserted in
tests/progress/test_tutor_dashboard.py.
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

LEARNERS = 200
MODULES = 20
LESSONS = 5
RUNS = 7


def main():
    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.TemporaryDirectory(prefix="enok-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"

    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated in {time.perf_counter() - started:.1f} s")

    try:
        started = time.perf_counter()
        tutor, group = build()
        print(
            f"Built {LEARNERS} learners × {MODULES} modules × {LESSONS} lessons "
            f"in {time.perf_counter() - started:.1f} s"
        )
        measure(tutor, group)
    finally:
        connection.close()
        if workdir is not None:
            workdir.cleanup()


def build():
    """A course of MODULES × LESSONS published lessons, a group of LEARNERS learners, progress made in bulk."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from core.setup import ensure_site_structure
    from lessons.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
    from progress.models import Assignment, LearnerGroup, LessonProgress, QuizAttempt

    ensure_site_structure()
    run = uuid.uuid4().hex[:6]
    User = get_user_model()

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    index = CourseIndexPage.objects.get(locale__language_code="en")
    course = publish(index, CoursePage(title=f"Benchmark course {run}", topic="money", summary="Benchmark."))
    tutor = User.objects.create(username=f"bench-tutor-{run}")
    tutor.groups.add(Group.objects.get_or_create(name="Tutors")[0])
    group = LearnerGroup.objects.create(name=f"Benchmark {run}")
    group.tutors.add(tutor)
    learners = User.objects.bulk_create(
        User(username=f"bench-{run}-{i:03}", display_name=f"Learner {i:03}") for i in range(LEARNERS)
    )
    group.learners.add(*learners)
    Group.objects.get_or_create(name="Learners")[0].user_set.add(*learners)

    today = timezone.localdate()
    lessons = []
    for m in range(MODULES):
        module = publish(course, ModulePage(title=f"Module {m + 1}", summary="Benchmark."))
        Assignment.objects.create(
            group=group,
            module_key=module.translation_key,
            module_title=module.title,
            due_date=today + timedelta(days=7 * (m - MODULES // 2)),
            assigned_by=tutor,
        )
        for n in range(LESSONS):
            lesson = LessonPage(
                title=f"Lesson {m + 1}.{n + 1}",
                intro="Benchmark.",
                body=[("paragraph", "<p>Text.</p>")],
                quiz=[],
            )
            lessons.append(publish(module, lesson))

    now = timezone.now()
    rows, attempts = [], []
    for i, learner in enumerate(learners):
        for j, lesson in enumerate(lessons):
            state = (i * 7 + j) % 4  # 0 untouched, 1 opened, 2-3 completed
            if state:
                opened = now - timedelta(days=(i + j) % 90, hours=i % 24)
                rows.append(
                    LessonProgress(
                        learner=learner,
                        lesson_key=lesson.translation_key,
                        lesson_title=lesson.title,
                        first_opened_at=opened,
                        last_opened_at=opened,
                        completed_at=opened if state >= 2 else None,
                    )
                )
        for k in range(4 if i % 10 == 0 else 1):
            attempts.append(
                QuizAttempt(
                    learner=learner,
                    lesson_key=lessons[i % len(lessons)].translation_key,
                    lesson_title=lessons[i % len(lessons)].title,
                    token=uuid.uuid4(),
                    submitted_at=now - timedelta(days=i % 30, hours=k),
                    score=0,
                    max_score=3,
                    percent=0,
                    passed=False,
                    answers=[],
                    answers_text="",
                )
            )
    LessonProgress.objects.bulk_create(rows, batch_size=2000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=2000)
    print(f"  {len(rows)} lesson progress rows, {len(attempts)} quiz attempts")
    return tutor, group


def measure(tutor, group):
    """Request the dashboard RUNS times; print the median and spread of the server time and the query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone, translation

    from progress.tutoring.grid import build_grid

    client = Client()
    client.force_login(tutor)
    with translation.override("en"):
        url = reverse("tutor:group", args=[group.pk])
    for sort in ("name", "progress"):
        client.get(url, {"sort": sort})  # warm caches (navigation, templates)
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, {"sort": sort})
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        grid = build_grid(group, timezone.localdate(), sort)
        print(
            f"sort={sort}: median {statistics.median(times) * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {RUNS} runs), "
            f"{len(queries)} queries, {len(response.content) // 1024} KiB of HTML, "
            f"{len(grid.rows)} rows × {len(grid.columns)} columns, {len(grid.needing_help)} need help"
        )
    with translation.override("en"):
        export_url = reverse("tutor:export", args=[group.pk])
    started = time.perf_counter()
    response = client.get(export_url)
    print(f"CSV export: {(time.perf_counter() - started) * 1000:.0f} ms, {len(response.content) // 1024} KiB")


if __name__ == "__main__":
    main()
