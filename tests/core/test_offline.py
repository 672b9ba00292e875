"""Offline lessons, server side: the service worker, the manifest, the offline page, the sign-in check, sign-out."""

import json
import re

import pytest

from core import offline
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_service_worker_is_javascript_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["ETag"]


def test_service_worker_carries_the_shell_in_both_languages(client):
    body = client.get("/sw.js").content.decode()
    config = json.loads(re.search(r"var CONFIG = (\{.*?\});\n", body).group(1))
    assert config["offlinePages"] == {"en": "/en/offline/", "ko": "/ko/offline/"}
    assert "/static/core/css/site.css" in config["shell"]
    assert "/static/core/js/offline.js" in config["shell"]
    assert config["version"] == offline.shell_version()
    assert all(url.startswith("/") and not url.startswith("//") for url in config["shell"])  # this host only


def test_service_worker_answers_304_when_the_phone_has_it(client):
    etag = client.get("/sw.js")["ETag"]
    assert client.get("/sw.js", headers={"if-none-match": etag}).status_code == 304


def test_service_worker_version_changes_with_a_shell_file(monkeypatch):
    before = offline.shell_version()
    monkeypatch.setattr(offline, "SHELL_GENERATION", "another")
    assert offline.shell_version() != before


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest", "/offline/session/"])
def test_offline_endpoints_refuse_posts(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest", "/en/offline/"])
def test_offline_responses_send_the_strict_policy(client, path):
    policy = directives(client.get(path)["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # the worker and offline.js talk to this site only


def test_pages_allow_this_site_s_worker_and_manifest_only(client):
    response = client.get("/en/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["worker-src"] == ["'self'"]
    assert policy["manifest-src"] == ["'self'"]
    html = response.content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in html
    assert "/static/core/js/offline.js" in html


@pytest.mark.parametrize("language, name", [("en", "ENoK Learn"), ("ko", None)])
def test_manifest_describes_an_installable_app(client, language, name):
    response = client.get(f"/manifest.webmanifest?lang={language}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == language
    assert data["start_url"] == f"/{language}/" and data["scope"] == "/"
    assert data["display"] == "standalone"
    if name:
        assert data["name"] == name
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    assert all(icon["src"].startswith("/static/core/icons/") for icon in data["icons"])


def test_manifest_ignores_an_unknown_language(client):
    data = json.loads(client.get("/manifest.webmanifest?lang=xx").content)
    assert data["lang"] == "en"


def test_icons_are_real_pngs_of_the_stated_size():
    from django.contrib.staticfiles import finders
    from PIL import Image

    for name, size in [("icon-192.png", 192), ("icon-512.png", 512), ("icon-maskable-512.png", 512)]:
        with Image.open(finders.find(f"core/icons/{name}")) as image:
            assert image.format == "PNG" and image.size == (size, size)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_offline_page_in_each_language(client, language):
    response = client.get(f"/{language}/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "data-offline-saved-list" in html


def test_session_check_for_a_visitor_says_not_signed_in_and_gives_no_token(client):
    response = client.get("/offline/session/")
    assert response.json() == {"signed_in": False}
    assert "no-store" in response["Cache-Control"]


def test_session_check_for_a_learner_gives_a_token_and_an_opaque_owner(client, learner):
    client.force_login(learner)
    data = client.get("/offline/session/").json()
    assert data["signed_in"] is True and data["csrf_token"]
    assert data["owner"] == offline.owner_id(learner)
    assert learner.username not in data["owner"] and str(learner.pk) != data["owner"]


def test_owner_ids_differ_between_learners(learner, tutor):
    assert offline.owner_id(learner) != offline.owner_id(tutor)


def test_logging_out_tells_the_browser_to_forget_saved_lessons(client, learner):
    client.force_login(learner)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'


def test_module_page_has_a_save_button_hidden_until_javascript_shows_it(client):
    module = make_module(make_course())
    lesson = make_lesson(module, title="Paying rent")
    html = client.get(module.url).content.decode()
    assert re.search(r"<section class=\"offline-save\"[^>]*data-offline-save hidden", html)
    assert "Save for offline" in html
    assert f'<a href="{lesson.url}" data-offline-lesson>Paying rent</a>' in html


def test_module_without_lessons_has_nothing_to_save(client):
    module = make_module(make_course())
    assert "data-offline-save" not in client.get(module.url).content.decode()


def test_status_region_carries_its_texts_in_the_page_language(client):
    html = client.get("/ko/").content.decode()
    assert 'id="offline-status"' in html and 'role="status"' in html
    assert 'data-session-url="/offline/session/"' in html
    assert 'data-logout-url="/ko/accounts/logout/"' in html
    assert "__N__" in html  # the waiting count, filled in by offline.js
