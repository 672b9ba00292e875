"""Load correctness: 50 learners take quizzes at once for 60 seconds; the database must hold exactly what they sent.

Run by benchmarks/run.py against running servers (one, or two sharing PostgreSQL and Redis):

    DATABASE_URL=postgres://.../enok_bench .venv/bin/python benchmarks/load_correctness.py \\
        --hosts 127.0.0.1:8313,127.0.0.1:8314 --lessons quiz-lessons.json [--learners 50] [--seconds 60]

`--lessons` is a JSON list of {"url", "key", "pass", "fail"}: lessons with quizzes and their answers
as form bodies (benchmarks/bench_data.py writes them). Each simulated learner is a thread with
its own account (signed up through the sign-up form) and its own session cookies, and a plain
HTTP client (benchmarks/browser.py). Until the time is up it opens a lesson, answers its quiz
(right or wrong at random), reads the result, and now and then posts the very same form again
(the same one-time token), which must be recorded once. Requests alternate between the servers,
so one learner's session is used on both.

Afterwards it reads the database (DATABASE_URL, through Django) and compares, learner by learner:
the attempts' tokens with the tokens sent, the passed attempts with the passes the learner saw,
and the lesson progress rows (one per lesson opened; attempt count, completion and best score)
with what the learner did. It prints "ENOK-CORRECTNESS {json}" and exits with 1 on any error or
difference: nothing may be lost and nothing doubled.
"""

import argparse
import json
import os
import random
import re
import secrets
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from browser import Browser, form_token, submission_token  # noqa: E402

PASSWORD = "load-Check-Maple-2026"  # noqa: S105 (throw-away benchmark database only)
SCORE = re.compile(r'class="quiz-score">[^<]*\((\d+)%\)')
RESUBMIT_SHARE = 0.1


@dataclass
class Learner:
    """One simulated learner and everything they sent and saw."""

    username: str
    hosts: list
    browsers: list = field(default_factory=list)
    tokens: set = field(default_factory=set)
    passed: int = 0
    views: int = 0
    resubmissions: int = 0
    opened: set = field(default_factory=set)  # lesson keys
    attempts: dict = field(default_factory=lambda: defaultdict(int))  # lesson key -> attempts
    best: dict = field(default_factory=dict)  # lesson key -> best percent seen
    completed: set = field(default_factory=set)  # lesson keys passed
    errors: list = field(default_factory=list)
    turn: int = 0

    def browser(self):
        """The next server's client: requests alternate between the servers, with the same cookies."""
        self.turn += 1
        return self.browsers[self.turn % len(self.browsers)]


def take_quizzes(learner, lessons, deadline, rng):
    """Open lessons and answer their quizzes until the deadline; record what was sent and seen."""
    while time.monotonic() < deadline:
        lesson = rng.choice(lessons)
        try:
            page = learner.browser().get(lesson["url"])
            if page.status != 200:
                learner.errors.append(f"GET {lesson['url']}: {page.status}")
                continue
            learner.views += 1
            learner.opened.add(lesson["key"])
            token = submission_token(page.text)
            body = f"{lesson['pass' if rng.random() < 0.5 else 'fail']}&submission_token={token}"
            body += f"&csrfmiddlewaretoken={form_token(page.text)}"
            result = learner.browser().post(lesson["url"], body)
            percent = check_result(learner, lesson, result)
            if percent is None:
                continue
            learner.tokens.add(token)
            learner.attempts[lesson["key"]] += 1
            learner.best[lesson["key"]] = max(learner.best.get(lesson["key"], 0), percent)
            if 'class="quiz-passed"' in result.text:
                learner.passed += 1
                learner.completed.add(lesson["key"])
            if rng.random() < RESUBMIT_SHARE:
                again = learner.browser().post(lesson["url"], body)
                learner.resubmissions += 1
                check_result(learner, lesson, again)
        except Exception as error:  # noqa: BLE001 (every failure is reported, none stops the others)
            learner.errors.append(f"{type(error).__name__}: {error}")


def check_result(learner, lesson, response):
    """The percent shown on a graded result, or None (and an error noted) when there is no result."""
    match = SCORE.search(response.text) if response.status == 200 else None
    if match is None:
        learner.errors.append(f"POST {lesson['url']}: status {response.status}, no graded result")
        return None
    return int(match.group(1))


def verify(learners, lessons):
    """Compare the database with what the learners sent and saw; return (figures, problems)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from progress.models import LessonProgress, QuizAttempt

    User = get_user_model()
    problems = []
    figures = {"db_attempts": 0, "db_passed": 0, "db_progress_rows": 0}
    users = {user.username: user for user in User.objects.filter(username__in=[x.username for x in learners])}
    for learner in learners:
        user = users.get(learner.username)
        if user is None:
            problems.append(f"{learner.username}: no account")
            continue
        attempts = list(QuizAttempt.objects.filter(learner=user).values_list("token", "passed"))
        tokens = [str(token) for token, _passed in attempts]
        figures["db_attempts"] += len(attempts)
        figures["db_passed"] += sum(passed for _token, passed in attempts)
        if len(tokens) != len(set(tokens)):
            problems.append(f"{learner.username}: a token recorded twice")
        if set(tokens) != learner.tokens:
            lost, extra = len(learner.tokens - set(tokens)), len(set(tokens) - learner.tokens)
            problems.append(f"{learner.username}: {lost} attempts lost, {extra} not sent")
        if sum(passed for _token, passed in attempts) != learner.passed:
            problems.append(f"{learner.username}: passed {learner.passed} seen, {sum(p for _t, p in attempts)} stored")
        rows = {str(row.lesson_key): row for row in LessonProgress.objects.filter(learner=user)}
        figures["db_progress_rows"] += len(rows)
        if set(rows) != learner.opened:
            problems.append(f"{learner.username}: progress rows for {len(rows)} lessons, opened {len(learner.opened)}")
        for key, row in rows.items():
            expected = (learner.attempts.get(key, 0), key in learner.completed, learner.best.get(key))
            stored = (row.attempt_count, row.completed_at is not None, row.best_percent)
            if expected != stored:
                problems.append(f"{learner.username}: lesson {key[:8]}: expected {expected}, stored {stored}")
    return figures, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", required=True, help="host:port[,host:port]: the servers, used in turn")
    parser.add_argument("--lessons", required=True, help="JSON file of lessons with quiz answers")
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    hosts = [(host, int(port)) for host, port in (item.rsplit(":", 1) for item in args.hosts.split(","))]
    lessons = json.loads(Path(args.lessons).read_text())
    run = secrets.token_hex(3)
    learners = [Learner(f"load-{run}-{n:02}", hosts) for n in range(1, args.learners + 1)]
    for learner in learners:
        cookies = {}  # one session, whichever server answers
        learner.browsers = [Browser(host, port, cookies=cookies) for host, port in hosts]

    def sign_up(learner):
        learner.browsers[0].sign_up(learner.username, PASSWORD)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(sign_up, learners))
    print(f"Signed up {len(learners)} learners in {time.monotonic() - started:.0f} s", flush=True)

    deadline = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=take_quizzes, args=(learner, lessons, deadline, random.Random(n)))  # noqa: S311
        for n, learner in enumerate(learners)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    figures, problems = verify(learners, lessons)
    errors = [f"{learner.username}: {error}" for learner in learners for error in learner.errors]
    summary = {
        "ok": not errors and not problems,
        "learners": len(learners),
        "seconds": args.seconds,
        "servers": len(hosts),
        "lesson_views": sum(x.views for x in learners),
        "submissions": sum(len(x.tokens) for x in learners),
        "passed": sum(x.passed for x in learners),
        "resubmissions": sum(x.resubmissions for x in learners),
        "lessons_opened": sum(len(x.opened) for x in learners),
        "errors": len(errors),
        **figures,
        "problems": (errors + problems)[:20],
    }
    print(
        f"{summary['submissions']} quiz submissions ({summary['passed']} passed, {summary['resubmissions']} "
        f"resubmitted), {summary['lesson_views']} lesson pages, {len(errors)} errors, "
        f"{len(problems)} differences from the database",
        flush=True,
    )
    print("ENOK-CORRECTNESS " + json.dumps(summary), flush=True)
    sys.exit(0 if summary["ok"] else 1)


if __name__ == "__main__":
    main()
