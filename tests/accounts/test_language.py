"""Choosing the interface language: a cookie for everyone, the account for signed-in users."""

import pytest

pytestmark = pytest.mark.django_db


def test_switch_sets_the_cookie_and_translates_the_path(client):
    response = client.post("/language/", {"language": "ko", "next": "/en/courses/"})
    assert response.status_code == 302
    assert response["Location"] == "/ko/courses/"
    assert response.cookies["enok_language"].value == "ko"
    assert response.cookies["enok_language"]["httponly"]


def test_cookie_is_remembered_at_the_root(client):
    client.post("/language/", {"language": "ko", "next": "/en/"})
    assert client.get("/")["Location"] == "/ko/"


def test_switch_is_saved_on_the_account(client, learner):
    client.force_login(learner)
    client.post("/language/", {"language": "ko", "next": "/en/"})
    learner.refresh_from_db()
    assert learner.language == "ko"


def test_unknown_language_changes_nothing(client, learner):
    client.force_login(learner)
    response = client.post("/language/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.language == ""
    assert "enok_language" not in response.cookies


def test_switch_refuses_an_outside_next(client):
    response = client.post("/language/", {"language": "ko", "next": "https://evil.example/"})
    assert response["Location"] == "/"
