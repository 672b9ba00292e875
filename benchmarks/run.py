"""`make bench`: the site under gunicorn with production settings, loaded with wrk, against the bare Django view.

Run from the repository root (make bench does):

    .venv/bin/python benchmarks/run.py [--duration 5] [--warmup 1] [--rounds 3] [--workers 3] \\
        [--configs sqlite,postgres,pair]

What it does, in a throw-away folder under /tmp:
1. Builds two databases with the same data (benchmarks/bench_data.py): a SQLite file and the
   PostgreSQL database `enok_bench` (dropped and created again), and collects static files.
2. For each configuration, starts gunicorn (production settings, a generated DJANGO_SECRET_KEY,
   DJANGO_ALLOWED_HOSTS=127.0.0.1, plain http on 127.0.0.1, ENOK_BENCH=1 for the bare view):
   `sqlite` and `postgres` run one server; `pair` runs two on two ports sharing PostgreSQL and
   Redis (database REDIS_DB, flushed first), with wrk's two threads sending to one each.
3. Signs 50 learners (sessions written as login() writes them) and the tutor (through the
   log-in form) in, then loads each page with wrk (benchmarks/wrk_page.lua), in --rounds
   rounds: in each, a run of the bare view, then the page's warm-up and measured run. A page's
   share of the bare view is the median of its rounds' shares (report.combine_rounds). Every response must have the
   expected status (and, for signed-in pages and the quiz, the expected text); failures are counted.
4. Runs benchmarks/load_correctness.py against the pair (and, with --correctness all, against
   the single PostgreSQL server too).
5. Prints the tables and writes them to benchmarks/results/latest.md (or --output).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]

from browser import Browser, form_token  # noqa: E402
from report import Target, attempts_check, combine_rounds, fraction, parse_wrk, table, targets_table  # noqa: E402
from users import read_sessions, run_users  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "enok_bench"
REDIS_DB = 13
HOST = "127.0.0.1"
PORTS = {"sqlite": [8311], "postgres": [8312], "pair": [8313, 8314]}
SIGNED_IN = 50  # learners signed in for the signed-in pages and the quiz
SIGNED_IN_SESSIONS = {}  # database URL -> (learners' session file, tutor's session file)
CONNECTIONS = 50
THINK_MS = 1000
BARE = "bare “ok” view"
BARE_SIGNED_IN = "bare “ok” view, signed in"  # the cost of a signed-in session alone: no page work
# The header's log-out form: only a signed-in page has it (every page names the log-out address for offline.js).
LOGGED_IN_TEXT = 'action="/en/accounts/logout/"'
RESULT_TEXT = 'class="quiz-result"'

TARGETS = [
    Target("anonymous lesson ≥ 50% of bare (PostgreSQL)", "postgres", "lesson, anonymous", "fraction", 0.50),
    Target("signed-in lesson ≥ 25% of bare (PostgreSQL)", "postgres", "lesson, signed in", "fraction", 0.25),
    Target("quiz submission p99 < 150 ms, 50 users (PostgreSQL)", "postgres", "quiz submission, 50 users", "p99", 150),
    Target("anonymous lesson ≥ 50% of bare (SQLite)", "sqlite", "lesson, anonymous", "fraction", 0.50),
    Target("signed-in lesson ≥ 25% of bare (SQLite)", "sqlite", "lesson, signed in", "fraction", 0.25),
    Target("anonymous lesson ≥ 50% of bare (two servers)", "pair", "lesson, anonymous", "fraction", 0.50),
    Target("signed-in lesson ≥ 25% of bare (two servers)", "pair", "lesson, signed in", "fraction", 0.25),
    Target("quiz submission p99 < 150 ms, 50 users (two servers)", "pair", "quiz submission, 50 users", "p99", 150),
]


def log(message):
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def ensure_wrk():
    """wrk from Debian's packages: install it when root, otherwise say how."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0:
        log("Installing wrk from Debian's packages…")
        apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=apt_env)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=apt_env)
        return
    raise SystemExit("make bench needs wrk. Install it with: sudo apt-get install wrk")


def base_environment(workdir, secret):
    """Production settings over plain http on 127.0.0.1, with nothing inherited that points elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SECRET_KEY=secret,
        DJANGO_ALLOWED_HOSTS=HOST,
        # Plain http on the loopback: no redirect to https, cookies without the Secure flag.
        # Production keeps both on by default; only this benchmark turns them off.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def recreate_postgres_database():
    """Drop and create the benchmark's own PostgreSQL database."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")


def flush_redis():
    import redis

    redis.Redis(host=HOST, port=6379, db=REDIS_DB).flushdb()


def build_databases(env, workdir, reuse=False):
    """Build the SQLite and PostgreSQL databases and collect static files, in parallel; return the data info.

    With `reuse`, the databases an earlier run kept (--keep) in `workdir` and in enok_bench are
    only migrated (the code may have new migrations), and their data info is read back.
    """
    if not reuse:
        recreate_postgres_database()
    urls = {"sqlite": f"sqlite:///{workdir / 'bench.sqlite3'}", "postgres": f"{PG_SERVER}/{PG_DATABASE}"}
    jobs = {}
    for name, url in urls.items():
        job_env = {**env, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        log_name = f"migrate-{name}.log" if reuse else f"build-{name}.log"
        command = ["manage.py", "migrate", "--no-input", "-v0"] if reuse else [str(HERE / "bench_data.py"), "build"]
        out = open(workdir / log_name, "w")  # noqa: SIM115
        jobs[name] = (
            subprocess.Popen([PYTHON, *command], cwd=ROOT, env=job_env, stdout=out, stderr=subprocess.STDOUT),
            out,
            log_name,
        )
    static_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": urls["sqlite"]}
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=static_env, check=True)
    info = {}
    for name, (process, out, log_name) in jobs.items():
        process.wait()
        out.close()
        if process.returncode:
            text = (workdir / log_name).read_text()
            raise SystemExit(f"Preparing the {name} database failed:\n{text[-3000:]}")
        text = (workdir / f"build-{name}.log").read_text()
        line = next(line for line in text.splitlines() if line.startswith("ENOK-DATA "))
        info[name] = json.loads(line[len("ENOK-DATA ") :])
    return urls, info


def port_free(port):
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


def start_servers(env, database_url, ports, workers, workdir, redis_url=None):
    """Start one gunicorn per port; wait until each answers the bare view."""
    server_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": database_url}
    server_env["ENOK_BENCH"] = "1"
    if redis_url:
        server_env["REDIS_URL"] = redis_url
    processes = []
    for port in ports:
        if not port_free(port):
            raise SystemExit(f"Port {port} is in use; stop what runs there first.")
        out = open(workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115
        command = [GUNICORN, "--pythonpath", "site", "config.wsgi", "--bind", f"{HOST}:{port}"]
        command += ["--workers", str(workers), "--worker-class", "sync", "--timeout", "60"]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=server_env, stdout=out, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + 90
    for port in ports:
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/bench/ok/", timeout=5) as reply:  # noqa: S310
                    if reply.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                stop_servers(processes)
                log_text = (workdir / f"gunicorn-{port}.log").read_text()[-3000:]
                raise SystemExit(f"gunicorn on port {port} did not answer in 90 s:\n{log_text}")
            time.sleep(0.5)
    return processes


def wait_until_idle(ports, limit=180):
    """Wait until every server answers the bare view at once again.

    When wrk stops, the requests it left open are still queued in gunicorn and would slow the
    next page's run; they are served (to nobody) before the next measurement starts.
    """
    deadline = time.monotonic() + limit
    for port in ports:
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/bench/ok/", timeout=limit) as reply:  # noqa: S310
                    reply.read()
            except OSError:
                time.sleep(0.5)
                continue
            if time.monotonic() - started < 0.2:
                break


def stop_servers(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def sign_in_sessions(port, info, lesson_url, workdir, name, env, database_url):
    """Sessions for SIGNED_IN learners and the tutor; write wrk's session files.

    The tutor signs in through the log-in form; the learners' sessions are written to the
    database by bench_data.py (as login() writes them, without 50 password hashes). Each
    learner then opens the lesson page, which must show them signed in; their line holds the
    Cookie header (session and CSRF cookies) and the CSRF token from the quiz form, as a
    browser that opened the lesson would send them.
    """
    done = subprocess.run(
        [PYTHON, str(HERE / "bench_data.py"), "sessions", str(SIGNED_IN)],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("ENOK-SESSIONS "))
    keys = json.loads(line[len("ENOK-SESSIONS ") :])

    def learner(key):
        browser = Browser(HOST, port, cookies={"sessionid": key})
        for _attempt in range(10):  # SQLite may answer "database is locked" (a 500) under concurrent writes
            page = browser.get(lesson_url)
            if page.status == 200 and LOGGED_IN_TEXT in page.text:
                return f"{browser.cookie_header()}\t{form_token(page.text)}"
            time.sleep(0.5)
        raise RuntimeError(f"The lesson page answered {page.status} for a signed-in learner")

    with ThreadPoolExecutor(max_workers=4) as pool:
        lines = list(pool.map(learner, keys))
    learners_file = workdir / f"sessions-{name}-learners.txt"
    learners_file.write_text("\n".join(lines) + "\n")
    tutor = Browser(HOST, port)
    tutor.log_in(info["tutor"], info["password"])
    tutor_file = workdir / f"sessions-{name}-tutor.txt"
    tutor_file.write_text(f"{tutor.cookie_header()}\t\n")
    return learners_file, tutor_file


def run_wrk(page, path, ports, seconds, connections, method="GET", sessions=None, body="", text=""):
    """Load one page with wrk for `seconds`; return its Measurement."""
    env = {
        **os.environ,
        "ENOK_PATH": path,
        "ENOK_METHOD": method,
        "ENOK_HOSTS": ",".join(f"{HOST}:{port}" for port in ports),
        "ENOK_SESSIONS": str(sessions or ""),
        "ENOK_BODY": body,
        "ENOK_TEXT": text,
        "ENOK_EXPECT": "200",
    }
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "30s"]
    command += ["-s", str(HERE / "wrk_page.lua"), f"http://{HOST}:{ports[0]}{path}"]
    wait_until_idle(ports)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"wrk failed for {page}:\n{done.stdout}\n{done.stderr}")
    return parse_wrk(page, done.stdout)


def quiz_attempts(database_url, env):
    """How many quiz attempts the database holds."""
    done = subprocess.run(
        [PYTHON, str(HERE / "bench_data.py"), "counts"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("ENOK-COUNTS "))
    return json.loads(line[len("ENOK-COUNTS ") :])["quiz_attempts"]


def run_config(name, args, env, database_url, info, workdir, correctness):
    """Start the servers for one configuration, measure every page, optionally check load correctness."""
    ports = PORTS[name]
    redis_url = None
    if name == "pair":
        flush_redis()
        redis_url = f"redis://{HOST}:6379/{REDIS_DB}"
    log(f"{name}: starting {len(ports)} gunicorn server(s) with {args.workers} workers each")
    processes = start_servers(env, database_url, ports, args.workers, workdir, redis_url)
    try:
        lesson = info["lesson_url"]
        if database_url not in SIGNED_IN_SESSIONS:  # the pair reuses the single PostgreSQL server's sessions
            SIGNED_IN_SESSIONS[database_url] = sign_in_sessions(
                ports[-1], info, lesson, workdir, name, env, database_url
            )
        learners, tutor = SIGNED_IN_SESSIONS[database_url]
        quiz_body = info["quiz_lessons"][0]["pass"]
        pages = [
            (BARE, "/bench/ok/", {}),
            (BARE_SIGNED_IN, "/bench/ok/", {"sessions": learners}),
            ("home", "/en/", {}),
            ("course page", info["course_url"], {}),
            ("lesson, anonymous", lesson, {}),
            ("lesson, signed in", lesson, {"sessions": learners, "text": LOGGED_IN_TEXT}),
            (
                "quiz submission",
                lesson,
                {"method": "POST", "sessions": learners, "body": quiz_body, "text": RESULT_TEXT},
            ),
            ("My learning", "/en/learning/", {"sessions": learners, "text": LOGGED_IN_TEXT}),
            ("tutor group dashboard", info["group_url"], {"sessions": tutor, "text": LOGGED_IN_TEXT}),
        ]
        if info["quiz_lessons"][0]["url"] != lesson:
            raise SystemExit("The quiz answers are not for the benchmark's lesson.")
        runs, quiz_sent = {page: ([], []) for page, _path, _options in pages}, 0
        attempts_before = quiz_attempts(database_url, env)
        if args.warmup:
            run_wrk(BARE, "/bench/ok/", ports, args.warmup, CONNECTIONS)
        # Each round measures every page right after a run of the bare view, and each page's share
        # is taken against that run (report.combine_rounds): the machine's speed drifts within a minute.
        measured = [(page, path, options) for page, path, options in pages if page != BARE]
        for round_number in range(1, args.rounds + 1):
            for page, path, options in measured:
                bare = run_wrk(BARE, "/bench/ok/", ports, args.duration, CONNECTIONS)
                runs[BARE][0].append(bare)
                if args.warmup:
                    warm = run_wrk(page, path, ports, args.warmup, CONNECTIONS, **options)
                    quiz_sent += warm.requests if page == "quiz submission" else 0
                measurement = run_wrk(page, path, ports, args.duration, CONNECTIONS, **options)
                quiz_sent += measurement.requests if page == "quiz submission" else 0
                runs[page][0].append(measurement)
                runs[page][1].append(bare)
                log(
                    f"{name}: round {round_number}: {page}: {measurement.rps:.1f} requests/s "
                    f"({measurement.rps / bare.rps if bare.rps else 0:.0%} of the bare view's {bare.rps:.0f} "
                    f"just before), p50 {measurement.p50_ms:.0f} ms, p99 {measurement.p99_ms:.0f} ms, "
                    f"{measurement.failures} failed"
                )
        results = {BARE: combine_rounds(BARE, runs[BARE][0])}
        for page, _path, _options in measured:
            results[page] = combine_rounds(page, *runs[page])
        wait_until_idle(ports)
        users = run_users(
            "quiz submission, 50 users",
            [(HOST, port) for port in ports],
            lesson,
            read_sessions(learners),
            args.duration,
            THINK_MS,
            body=quiz_body,
            text=RESULT_TEXT,
        )
        quiz_sent += users.requests
        results[users.page] = users
        log(f"{name}: {users.page}: {users.rps:.1f} requests/s, p99 {users.p99_ms:.0f} ms, {users.failures} failed")
        wait_until_idle(ports)
        recorded = quiz_attempts(database_url, env) - attempts_before
        check = None
        if name in correctness:
            check = run_correctness(ports, database_url, env, info, workdir, args.correctness_seconds)
        return results, {"quiz_sent": quiz_sent, "quiz_recorded": recorded}, check
    finally:
        stop_servers(processes)


def run_correctness(ports, database_url, env, info, workdir, seconds):
    """benchmarks/load_correctness.py against these servers; return its summary."""
    data_file = workdir / "quiz-lessons.json"
    data_file.write_text(json.dumps(info["quiz_lessons"]))
    log(f"load correctness: 50 learners for {seconds} s against port(s) {', '.join(map(str, ports))}")
    done = subprocess.run(
        [
            PYTHON,
            str(HERE / "load_correctness.py"),
            "--hosts",
            ",".join(f"{HOST}:{p}" for p in ports),
            "--lessons",
            str(data_file),
            "--seconds",
            str(seconds),
        ],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=False,
    )
    print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", flush=True)
    line = next((line for line in done.stdout.splitlines() if line.startswith("ENOK-CORRECTNESS ")), None)
    summary = json.loads(line[len("ENOK-CORRECTNESS ") :]) if line else {"ok": False, "problems": ["no summary"]}
    summary["ports"] = ports
    return summary


def versions():
    """What ran: machine, software and the commit."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"

    def output(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False).stdout.strip()
        except OSError:
            return "unknown"

    import django
    import gunicorn
    import wagtail

    wrk = (output(["wrk", "--version"]).splitlines() or ["wrk"])[0]
    commit = output(["git", "rev-parse", "--short", "HEAD"])
    dirty = output(["git", "status", "--porcelain", "--untracked-files=no"])
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}",
        "software": (
            f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
            f"gunicorn {gunicorn.__version__}, {output(['psql', '--version']) or 'PostgreSQL'}, "
            f"{output(['redis-server', '--version']).split(' sha')[0] or 'Redis'}, "
            f"{re.sub(r' Copyright.*', '', wrk).strip()}"
        ),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def markdown(args, results, quiz_checks, checks, rows, meta, elapsed):
    """The whole report as Markdown."""
    out = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; the whole run took {elapsed / 60:.1f} minutes.",
        f"- Machine: {meta['machine']}. Load average (1 minute) {meta['load_start']:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end: anything above 0 is other work on the machine, which adds noise.",
        f"- Software: {meta['software']}.",
        f"- Code: commit {meta['commit']}.",
        "- Settings: `config.settings.production` (DEBUG off, whitenoise, CONN_MAX_AGE 60), generated "
        "DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS=127.0.0.1, plain http on 127.0.0.1 "
        "(DJANGO_SECURE_SSL_REDIRECT=false, DJANGO_SECURE_COOKIES=false), ENOK_BENCH=1 for the bare view, "
        "the request log at its default level (INFO).",
        f"- Servers: gunicorn, {args.workers} sync workers per server; `sqlite` and `postgres`: one server "
        f"(per-process memory cache); `pair`: two servers on two ports sharing PostgreSQL and Redis "
        f"(REDIS_URL, database {REDIS_DB}, flushed first), wrk's two threads each sending to one server.",
        f"- Data: the demo courses (load_initial_data) plus {rows['learners']} learners and "
        f"{rows['total_progress_rows']:,} progress rows ({rows['lesson_progress']:,} lesson progress, "
        f"{rows['quiz_attempts']:,} quiz attempts, {rows['learning_days']:,} learning days); a tutor group of 30 "
        "learners with 4 assigned modules."
        + (
            " Reused (--reuse) from an earlier run's databases, migrated, with that run's extra quiz attempts "
            "and load-check accounts."
            if args.reuse
            else ""
        ),
        f"- Load: wrk, 2 threads, {CONNECTIONS} connections, in {args.rounds} round(s): in each, every page "
        f"gets {args.warmup} s of warm-up then {args.duration} s measured, just after {args.duration} s of the "
        "bare view. A page's share of the bare view is the median of its rounds' shares, each against the bare "
        "run just before it (each round's share is in brackets), because this machine's speed drifts by a "
        "third or more within a minute; requests/s add up all rounds, p50 is their median and p99 their highest. "
        "Each connection sends its next request as soon as the answer arrives (no pause), "
        "so the rows below measure the most the server can do. Signed-in pages go through "
        f"{SIGNED_IN} signed-in learners (sessions as login() writes them) in turn; each quiz submission "
        "posts the right answers with the CSRF cookie and token and a new submission_token.",
        f"- **50 concurrent users** (the quiz target, `benchmarks/users.py`): {SIGNED_IN} signed-in learners, "
        f"each pausing {THINK_MS // 2}–{THINK_MS * 3 // 2} ms (mean {THINK_MS} ms) and then opening a connection "
        "and sending a submission, i.e. about 50 submissions a second, far more than 50 real learners send; "
        "latency from the connect to the last byte. Not wrk: wrk pauses on an open connection, which a sync "
        "worker waits out serving nobody, while behind the proxy in front of gunicorn every request arrives "
        "complete. The row 'quiz submission' (wrk, no pause) shows the same page at saturation.",
        "- 'failed': responses with another status than 200, signed-in pages without the log-out form, quiz "
        "answers without a graded result, plus socket errors and timeouts (30 s). wrk's latencies run from "
        "sending the request to the last byte.",
        "",
        "## Targets",
        "",
        targets_table(TARGETS, results, BARE),
        "",
    ]
    for name, measurements in results.items():
        title = {"sqlite": "SQLite, one server", "postgres": "PostgreSQL, one server"}.get(
            name, "PostgreSQL + Redis, two servers"
        )
        out += [f"## {title} (`{name}`)", "", table(list(measurements.values()), BARE), ""]
        quiz = quiz_checks[name]
        # In each round, the quiz page's warm-up and measured wrk runs may each leave CONNECTIONS requests uncounted.
        out.append(
            attempts_check(
                quiz["quiz_recorded"], quiz["quiz_sent"], (2 if args.warmup else 1) * CONNECTIONS * args.rounds
            )
        )
        out.append("")
    out += ["## Load correctness", ""]
    if not checks:
        out.append("Not run.")
    for name, check in checks.items():
        verdict = "pass" if check.get("ok") else "**FAIL**"
        out.append(
            f"- `{name}` (port(s) {', '.join(map(str, check['ports']))}): {verdict}. "
            f"{check.get('learners', 0)} learners, each with their own account (signed up through the form) "
            f"and session, for {check.get('seconds', 0)} s: {check.get('lesson_views', 0)} lesson pages, "
            f"{check.get('submissions', 0)} quiz submissions ({check.get('passed', 0)} passed), "
            f"{check.get('resubmissions', 0)} deliberate resubmissions of a used token, "
            f"{check.get('errors', 0)} errors; the database holds {check.get('db_attempts', 0)} attempts, "
            f"{check.get('db_passed', 0)} passed, {check.get('db_progress_rows', 0)} lesson progress rows "
            f"(the clients expected {check.get('submissions', 0)}, {check.get('passed', 0)} and "
            f"{check.get('lessons_opened', 0)})."
        )
        for problem in check.get("problems", [])[:10]:
            out.append(f"  - {problem}")
    out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per page and round (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per page and round (default 1)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every page, each after its own bare-view run (default 3)"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per server (default 3)")
    parser.add_argument("--configs", default="sqlite,postgres,pair", help="which configurations to run")
    parser.add_argument(
        "--correctness", default="pair", help="configurations to run the load-correctness check against (default pair)"
    )
    parser.add_argument("--correctness-seconds", type=int, default=60)
    parser.add_argument("--output", default=str(HERE / "results" / "latest.md"))
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder (logs, SQLite file)")
    parser.add_argument(
        "--reuse",
        metavar="FOLDER",
        help="measure again with the databases a --keep run left in FOLDER and in enok_bench (migrated, not "
        "rebuilt); only the folder of the last run that built enok_bench matches it",
    )
    args = parser.parse_args()
    configs = [name for name in args.configs.split(",") if name]
    correctness = [name for name in args.correctness.split(",") if name]
    started = time.monotonic()
    load_start = os.getloadavg()[0]
    # Stopped from outside: still stop the servers it started (run_config's finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ensure_wrk()
    workdir = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="enok-bench-"))
    env = base_environment(workdir, secrets.token_urlsafe(50))
    try:
        if args.reuse:
            log(f"Reusing (and migrating) the databases built in {workdir}; collecting static files")
        else:
            log(f"Building the SQLite and PostgreSQL databases and collecting static files in {workdir}")
        urls, info = build_databases(env, workdir, reuse=bool(args.reuse))
        rows = info["postgres"]["rows"]
        log(f"Data: {json.dumps(rows)}")
        results, quiz_checks, checks = {}, {}, {}
        for name in configs:
            database = "sqlite" if name == "sqlite" else "postgres"
            results[name], quiz_checks[name], check = run_config(
                name, args, env, urls[database], info[database], workdir, correctness
            )
            if check is not None:
                checks[name] = check
        text = markdown(
            args,
            results,
            quiz_checks,
            checks,
            rows,
            {**versions(), "load_start": load_start},
            time.monotonic() - started,
        )
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text)
        print("\n" + text)
        log(f"Written to {args.output}")
        bare = {name: pages.get(BARE) for name, pages in results.items()}
        for name, pages in results.items():
            if bare[name]:
                shared = [(p, m) for p, m in pages.items() if p != BARE and not m.paced]
                shares = ", ".join(f"{p} {fraction(m, bare[name]):.0%}" for p, m in shared)
                log(f"{name}: {shares}")
    finally:
        if args.keep or args.reuse:
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
