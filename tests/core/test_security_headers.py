"""Security headers on every page, a looser policy only under /admin/, CSRF on every form."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/en/",
    "/ko/",
    "/en/courses/",
    "/ko/courses/",
    "/en/glossary/",
    "/en/accounts/login/",
    "/ko/accounts/signup/",
    "/en/no-such-page/",
]
SIGNED_IN_PAGES = ["/en/learning/", "/ko/learning/", "/en/accounts/password/"]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict_headers(response):
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for sources in policy.values():  # nothing from another host
        assert all(s.startswith("'") or s in {"data:", "blob:"} for s in sources), sources
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_strict_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_strict_headers(response)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_send_the_strict_headers(client, learner, path):
    client.force_login(learner)
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_headers(response)


def test_forbidden_page_sends_the_strict_headers(client, learner):
    client.force_login(learner)
    response = client.get("/en/tutor/")
    assert response.status_code == 403
    assert_strict_headers(response)


def test_admin_gets_its_own_policy_and_may_frame_itself(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_session_cookie_is_http_only(client, learner):
    from tests.factories import PASSWORD

    response = client.post("/en/accounts/login/", {"username": learner.username, "password": PASSWORD})
    assert response.cookies["sessionid"]["httponly"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/en/accounts/login/", {"username": "x", "password": "y"}),
        ("/en/accounts/signup/", {"username": "x", "password1": "y", "password2": "y"}),
        ("/en/accounts/logout/", {}),
        ("/language/", {"language": "ko", "next": "/en/"}),
    ],
)
def test_every_form_needs_a_csrf_token(path, data):
    client = Client(enforce_csrf_checks=True)
    assert client.post(path, data).status_code == 403


@pytest.mark.parametrize("path", ["/en/", "/en/accounts/login/", "/en/accounts/signup/"])
def test_forms_carry_a_csrf_token(client, path):
    html = client.get(path).content.decode()
    assert html.count("<form") == html.count('name="csrfmiddlewaretoken"')


def test_pages_load_nothing_from_another_host(client):
    for path in PUBLIC_PAGES:
        html = client.get(path).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', "url(http"):
            assert attribute not in html, (path, attribute)
        assert '<link rel="stylesheet" href="/static/' in html
