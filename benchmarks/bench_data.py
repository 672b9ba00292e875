"""Realistic data for `make bench`: the demo courses, 1,000 learners and about 100,000 progress rows.

Run by benchmarks/run.py, from the repository root, against a throw-away database:

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python benchmarks/bench_data.py build
    DATABASE_URL=... .venv/bin/python benchmarks/bench_data.py counts

`build` migrates, loads the demo (load_initial_data: the page tree, the four
courses in English and Korean, the demo accounts), then adds with bulk_create:
LEARNERS learner accounts (all with BENCH_PASSWORD, hashed once), their lesson
progress, quiz attempts and learning days (about 100,000 rows together), and a
tutor with a group of GROUP_SIZE of those learners and four assigned modules.
It prints one line, "ENOK-DATA {json}", with what the benchmark requests: URLs,
the group's id, usernames and quiz answers (right and wrong) as form bodies.
`counts` prints "ENOK-COUNTS {json}" with the number of rows in each progress table;
`sessions N` prints "ENOK-SESSIONS [keys]": signed-in sessions for the first N learners.
Development settings are needed for `build` (the demo loader refuses production), the
servers' settings and secret key for `sessions`.
"""

import json
import os
import random
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

LEARNERS = 1000
GROUP_SIZE = 30
BENCH_PASSWORD = "bench-Pine-River-2026"  # noqa: S105 (throw-away benchmark database only)
TUTOR = "bench-tutor"
SEED = 2026


def learner_name(number):
    """The username of the number-th benchmark learner (1-based)."""
    return f"bench-{number:04}"


def main(argv):
    import django

    django.setup()
    command = argv[1] if len(argv) > 1 else "build"
    if command == "build":
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_initial_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        info = build()
        print("ENOK-DATA " + json.dumps(info), flush=True)
    elif command == "sessions":
        print("ENOK-SESSIONS " + json.dumps(sessions(int(argv[2]))), flush=True)
    elif command == "counts":
        print("ENOK-COUNTS " + json.dumps(counts()), flush=True)
    else:
        raise SystemExit(f"Unknown command {command!r}: use build or counts.")


def sessions(number):
    """Signed-in sessions for the first `number` benchmark learners, made as django.contrib.auth.login makes them.

    Signing 50 learners in through the form costs 50 password hashes (seconds each on a busy
    two-core machine) and measures nothing the benchmark is about, so the sessions are written
    straight to the session store (settings.SESSION_ENGINE). It must run with the servers' settings
    and DJANGO_SECRET_KEY (the session keeps a hash that depends on it). Returns the session keys.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 (a class)

    users = get_user_model().objects.filter(username__in=[learner_name(n) for n in range(1, number + 1)])
    keys = []
    for user in users.order_by("username"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def counts():
    """How many rows each progress table holds."""
    from progress.models import LearningDay, LessonProgress, QuizAttempt

    return {
        "quiz_attempts": QuizAttempt.objects.count(),
        "lesson_progress": LessonProgress.objects.count(),
        "learning_days": LearningDay.objects.count(),
    }


def quiz_bodies(lesson):
    """The lesson's quiz answered all right and all wrong, as url-encoded form bodies, checked by the grader."""
    from django.utils.datastructures import MultiValueDict

    from core.demo import _quiz_answers
    from lessons.quiz import grade_submission

    every = set(range(len(lesson.quiz)))
    bodies = {}
    for name, wrong in (("pass", set()), ("fail", every)):
        data = _quiz_answers(lesson, wrong)
        result = grade_submission(lesson.quiz, MultiValueDict(data), lesson.pass_mark).result
        if result is None or result.passed != (name == "pass"):
            raise RuntimeError(f"Could not build a {name}ing answer for {lesson.title!r}")
        bodies[name] = urlencode(data, doseq=True)
        bodies[name + "_percent"] = result.percent
    return bodies


def graded(lesson, passed):
    """A real graded result for the lesson (all right or all wrong), for realistic attempt rows."""
    from django.utils.datastructures import MultiValueDict

    from core.demo import _quiz_answers
    from lessons.quiz import grade_submission
    from progress.services import answers_as_text

    wrong = set() if passed else set(range(len(lesson.quiz)))
    result = grade_submission(lesson.quiz, MultiValueDict(_quiz_answers(lesson, wrong)), lesson.pass_mark).result
    return result, result.as_data()["questions"], answers_as_text(result)


def build():
    """Add the learners, their progress and the tutor's group in bulk; return what the benchmark needs."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Locale

    from accounts.roles import LEARNERS as LEARNERS_GROUP
    from accounts.roles import TUTORS
    from core.demo import demo_modules
    from lessons.models import CoursePage, LessonPage
    from progress.models import Assignment, LearnerGroup, LearningDay, LessonProgress, QuizAttempt

    rng = random.Random(SEED)
    User = get_user_model()
    english = Locale.get_default()
    password = make_password(BENCH_PASSWORD)
    names = [learner_name(n) for n in range(1, LEARNERS + 1)]
    User.objects.bulk_create(
        [User(username=name, display_name=f"Learner {name[6:]}", password=password, language="en") for name in names],
        batch_size=500,
    )
    learners = list(User.objects.filter(username__in=names).order_by("username"))
    Membership = User.groups.through
    learners_group = Group.objects.get_or_create(name=LEARNERS_GROUP)[0]
    Membership.objects.bulk_create([Membership(user=u, group=learners_group) for u in learners], batch_size=1000)
    tutor = User.objects.create(username=TUTOR, display_name="Bench tutor", password=password, language="en")
    tutor.groups.add(Group.objects.get_or_create(name=TUTORS)[0])

    lessons = [lesson for lesson in LessonPage.objects.live().filter(locale=english).order_by("path") if lesson.quiz]
    results = {lesson.pk: {ok: graded(lesson, ok) for ok in (True, False)} for lesson in lessons}

    now = timezone.now()
    progress_rows, attempt_rows, day_rows = [], [], []
    for learner in learners:
        opened = rng.sample(lessons, rng.randint(10, len(lessons)))
        for lesson in opened:
            first = now - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 600))
            tries = rng.choice([0, 1, 1, 2, 2, 3])
            best, completed = None, None
            for attempt in range(tries):
                passed = attempt == tries - 1 and rng.random() < 0.7
                result, answers, text = results[lesson.pk][passed]
                at = first + timedelta(minutes=10 + attempt * 5)
                best = max(best or 0, result.percent)
                completed = completed or (at if passed else None)
                attempt_rows.append(
                    QuizAttempt(
                        learner=learner,
                        lesson_key=lesson.translation_key,
                        lesson_title=lesson.title,
                        token=uuid.UUID(int=rng.getrandbits(128), version=4),
                        submitted_at=at,
                        score=result.score,
                        max_score=result.max_score,
                        percent=result.percent,
                        passed=passed,
                        answers=answers,
                        answers_text=text,
                    )
                )
            progress_rows.append(
                LessonProgress(
                    learner=learner,
                    lesson_key=lesson.translation_key,
                    lesson_title=lesson.title,
                    first_opened_at=first,
                    last_opened_at=first + timedelta(minutes=20),
                    completed_at=completed,
                    best_percent=best,
                    attempt_count=tries,
                )
            )
        days = rng.sample(range(1, 181), rng.randint(5, 50))
        day_rows.extend(LearningDay(learner=learner, day=timezone.localdate(now) - timedelta(days=d)) for d in days)
    LessonProgress.objects.bulk_create(progress_rows, batch_size=2000)
    QuizAttempt.objects.bulk_create(attempt_rows, batch_size=1000)
    LearningDay.objects.bulk_create(day_rows, batch_size=5000)

    group = LearnerGroup.objects.create(name="Benchmark group")
    group.tutors.add(tutor)
    group.learners.add(*learners[:GROUP_SIZE])
    today = timezone.localdate(now)
    modules = demo_modules(4)
    for index, (module, _lessons) in enumerate(modules):
        Assignment.objects.create(
            group=group,
            module_key=module.translation_key,
            module_title=module.title,
            due_date=today + timedelta(days=14 * index - 7),
            note="Benchmark assignment.",
            assigned_by=tutor,
        )

    course = CoursePage.objects.live().filter(locale=english).order_by("path").first()
    quiz_lessons = [lesson for _module, module_lessons in modules for lesson in module_lessons if lesson.quiz]
    return {
        "rows": {
            "learners": len(learners),
            "lesson_progress": len(progress_rows),
            "quiz_attempts": len(attempt_rows),
            "learning_days": len(day_rows),
            "total_progress_rows": len(progress_rows) + len(attempt_rows) + len(day_rows),
        },
        "password": BENCH_PASSWORD,
        "tutor": TUTOR,
        "learners": names,
        "group_url": f"/en/tutor/groups/{group.pk}/",
        "course_url": course.url,
        "lesson_url": quiz_lessons[0].url,
        # A few lessons with quizzes for the load-correctness learners, with right and wrong answers.
        "quiz_lessons": [
            {"url": lesson.url, "key": str(lesson.translation_key), **quiz_bodies(lesson)}
            for lesson in quiz_lessons[:6]
        ],
    }


if __name__ == "__main__":
    main(sys.argv)
