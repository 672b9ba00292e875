"""The benchmark's tiny HTTP client: form tokens, and cookies kept and dropped as a browser would."""

import pytest

from benchmarks.browser import Browser, form_token, submission_token
from tests.benchmarks.local_server import Handler, serving

PAGE = (
    '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc&amp;123">'
    '<input type="hidden" name="submission_token" value="6f1c2b7e-1d2a-4c1e-9a55-0f6c9d7f0a11"></form>'
)


def test_form_token_and_submission_token_are_read_from_the_form():
    assert form_token(PAGE) == "abc&123"
    assert submission_token(PAGE) == "6f1c2b7e-1d2a-4c1e-9a55-0f6c9d7f0a11"
    assert submission_token("<p>no form</p>") is None


def test_a_page_without_a_form_token_is_an_error():
    with pytest.raises(RuntimeError, match="no CSRF token"):
        form_token("<p>Server error</p>")


class CookieHandler(Handler):
    """Sets two cookies on /set, deletes one on /delete, echoes the Cookie header on /echo."""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        headers = []
        if self.path == "/set":
            headers = [
                ("Location", "/echo"),
                ("Set-Cookie", "sessionid=s1; HttpOnly; Path=/"),
                ("Set-Cookie", "csrftoken=c1; Path=/"),
            ]
        if self.path == "/delete":
            headers = [("Set-Cookie", 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')]
        self.reply(302 if self.path == "/set" else 200, (self.headers.get("Cookie") or "").encode(), headers)


@pytest.fixture
def server():
    with serving(CookieHandler) as httpd:
        yield httpd.server_address[1]


def test_cookies_are_kept_sent_back_and_dropped_when_the_site_deletes_them(server):
    browser = Browser("127.0.0.1", server)
    response = browser.get("/set")
    assert (response.status, response.location) == (302, "/echo")
    assert browser.cookies == {"sessionid": "s1", "csrftoken": "c1"}
    assert browser.get("/echo").text == "sessionid=s1; csrftoken=c1"
    browser.get("/delete")
    assert browser.cookies == {"csrftoken": "c1"}
