"""Concurrent users for `make bench`: each pauses to read, then sends one request on a new connection.

The quiz target ("p99 under 150 ms with 50 concurrent users") is measured with this
instead of wrk. wrk pauses (its `delay()`) *after* opening the connection, so the
socket sits idle for the whole pause; a gunicorn sync worker that accepts it waits
the pause out and serves nobody meanwhile. With 50 such sockets and 3 workers the
figure measures those waits (p99 about 1 s at a third of the machine's CPU), not the
site. No real learner reaches gunicorn that way: the proxy in front of it (README,
"Deploying") holds the phone's connection and passes each request on once it is
complete. So here each user pauses first, then connects, sends and reads, and the
latency runs from the connect to the last byte of the response.

`run_users` returns a report.Measurement; one thread per user (they mostly sleep).
"""

import http.client
import random
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]  # beside report.py, as run.py runs it

from report import Measurement, percentile  # noqa: E402


def run_users(page, hosts, path, sessions, seconds, think_ms, body="", method="POST", expect=200, text=""):
    """Each (cookie, csrf token) in `sessions` is one user; measure for `seconds` and return a Measurement.

    `hosts` is a list of (host, port): user n sends to hosts[n % len(hosts)]. A user
    pauses a random 0.5–1.5 × think_ms before each request (as wrk_page.lua's delay).
    A response with another status than `expect`, or without `text`, counts as bad.
    """
    deadline = time.monotonic() + seconds
    latencies, counts, lock = [], {"bad": 0, "errors": 0}, threading.Lock()

    def user(number, cookie, token):
        rng = random.Random()  # noqa: S311 (pauses, not secrets)
        host, port = hosts[number % len(hosts)]
        while True:
            time.sleep(rng.uniform(think_ms / 2, think_ms * 3 / 2) / 1000)
            if time.monotonic() >= deadline:
                return
            form = f"{body}&submission_token={uuid.uuid4()}"  # new each time, as a new page load gives
            if token:
                form += f"&csrfmiddlewaretoken={token}"
            started = time.perf_counter()
            try:
                status, content = _send(host, port, method, path, cookie, form if method == "POST" else None)
            except OSError:
                with lock:
                    counts["errors"] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != expect or (text and text not in content):
                    counts["bad"] += 1

    started = time.monotonic()
    threads = [
        threading.Thread(target=user, args=(number, cookie, token), daemon=True)
        for number, (cookie, token) in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return Measurement(
        page=page,
        requests=len(latencies),
        seconds=time.monotonic() - started,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        bad=counts["bad"],
        errors=counts["errors"],
        paced=True,
    )


def read_sessions(path):
    """wrk's session file (one "<Cookie header>\\t<CSRF token>" a line) as (cookie, token) pairs."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if "\t" in line]


def _send(host, port, method, path, cookie, body):
    """One request on a new connection; (status, body text)."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Host": host, "Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        return reply.status, reply.read().decode("utf-8", "replace")
    finally:
        connection.close()
