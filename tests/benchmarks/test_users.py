"""The benchmark's concurrent users: each pauses, then sends one request on a new connection and checks the answer."""

from urllib.parse import parse_qs

import pytest

from benchmarks.users import read_sessions, run_users
from tests.benchmarks.local_server import Handler, serving

RESULT = '<div class="quiz-result">Passed</div>'


class QuizHandler(Handler):
    """Answers a POST with a graded result if it carries the user's CSRF token, else a form error; records each."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 (the standard library's name)
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.server.posts.append((self.headers.get("Cookie"), form))
        ok = form.get("csrfmiddlewaretoken") == [self.server.token] and form.get("q-1") == ["0"]
        body = (RESULT if ok else "<p>Please answer this question.</p>").encode()
        self.reply(200 if self.server.status is None else self.server.status, body)


@pytest.fixture
def server():
    with serving(QuizHandler) as httpd:
        httpd.posts, httpd.token, httpd.status = [], "tok", None
        yield httpd


def users_run(server, sessions, **options):
    return run_users(
        "quiz, users",
        [("127.0.0.1", server.server_address[1])],
        "/lesson/",
        sessions,
        seconds=1.0,
        think_ms=100,
        body="q-1=0",
        text="quiz-result",
        **options,
    )


def test_each_user_posts_its_own_cookie_and_token_with_a_fresh_submission_token(server):
    measurement = users_run(server, [("sessionid=a", "tok"), ("sessionid=b", "tok")])
    assert measurement.page == "quiz, users" and measurement.paced
    # Two users pausing 50-150 ms for a second: each sends several, every one counted and graded.
    assert 10 <= measurement.requests == len(server.posts) <= 40
    assert measurement.failures == 0
    assert {cookie for cookie, _form in server.posts} == {"sessionid=a", "sessionid=b"}
    tokens = [form["submission_token"][0] for _cookie, form in server.posts]
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) == 36 and token[14] == "4" for token in tokens)
    assert 0 < measurement.p50_ms <= measurement.p99_ms < 1000
    # Another run (another configuration on the same database) sends other tokens, never the same again.
    users_run(server, [("sessionid=a", "tok"), ("sessionid=b", "tok")])
    again = [form["submission_token"][0] for _cookie, form in server.posts[len(tokens) :]]
    assert again and not set(again) & set(tokens)


def test_answers_without_the_expected_text_or_status_are_counted_as_bad(server):
    wrong_token = users_run(server, [("sessionid=a", "not-the-token")])
    assert wrong_token.requests > 0 and wrong_token.bad == wrong_token.requests
    server.status = 500
    error_page = users_run(server, [("sessionid=a", "tok")])
    assert error_page.requests > 0 and error_page.bad == error_page.requests


def test_a_server_that_is_not_there_counts_as_errors_not_requests():
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    measurement = run_users("quiz", [("127.0.0.1", port)], "/", [("c", "t")], seconds=0.5, think_ms=100)
    assert measurement.requests == 0
    assert measurement.errors > 0 and measurement.failures == measurement.errors


def test_sessions_are_read_from_wrks_session_file(tmp_path):
    path = tmp_path / "sessions.txt"
    path.write_text("sessionid=a; csrftoken=x\ttoken-a\nsessionid=b; csrftoken=y\ttoken-b\n\n")
    assert read_sessions(path) == [("sessionid=a; csrftoken=x", "token-a"), ("sessionid=b; csrftoken=y", "token-b")]
