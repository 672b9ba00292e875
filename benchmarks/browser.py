"""A very small HTTP client with cookies, for signing in and taking quizzes in the benchmarks.

Only the standard library: one connection per request (gunicorn's sync workers
close it anyway), cookies kept per Browser, no redirects followed.
"""

import html
import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_FIELD = re.compile(r'name="submission_token" value="([^"]+)"')


@dataclass
class Response:
    """What came back: the status, the Location header (for redirects) and the body as text."""

    status: int
    location: str
    text: str


@dataclass
class Browser:
    """One visitor: an address to talk to and the cookies the site gave them."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, data=None):
        """Send one request with this browser's cookies; keep the cookies the response sets."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if data is not None:
            body = data if isinstance(data, str) else urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            text = reply.read().decode("utf-8", "replace")
            for header in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(reply.status, reply.headers.get("Location", ""), text)
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)

    def cookie_header(self):
        """The Cookie header this browser sends."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def log_in(self, username, password, language="en"):
        """Sign in through the site's own form; raise if it does not redirect (a wrong password, a lock-out)."""
        path = f"/{language}/accounts/login/"
        page = self.get(path)
        response = self.post(
            path, {"csrfmiddlewaretoken": form_token(page.text), "username": username, "password": password}
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} failed: status {response.status}")
        return response

    def sign_up(self, username, password, language="en"):
        """Create an account through the sign-up form (which also signs in); raise unless it worked."""
        path = f"/{language}/accounts/signup/"
        page = self.get(path)
        response = self.post(
            path,
            {
                "csrfmiddlewaretoken": form_token(page.text),
                "username": username,
                "password1": password,
                "password2": password,
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing up as {username} failed: status {response.status}")
        return response


def form_token(text):
    """The CSRF token in a page's form; raise if there is none."""
    match = CSRF_FIELD.search(text)
    if not match:
        raise RuntimeError("The page has no CSRF token in a form.")
    return html.unescape(match.group(1))


def submission_token(text):
    """The quiz form's one-time submission token, or None."""
    match = SUBMISSION_FIELD.search(text)
    return html.unescape(match.group(1)) if match else None
