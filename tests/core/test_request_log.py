"""The request log holds no usernames, addresses, passwords, form data or ids from paths."""

import json
import logging

import pytest

from tests.factories import PASSWORD
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def test_a_journey_leaves_no_personal_data_in_the_log(client, caplog):
    lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
    username, password, address = "haneul-secret-name", "river-Stone-1987", "203.0.113.77"
    with caplog.at_level(logging.INFO, logger="enok.requests"):
        client.post(
            "/en/accounts/signup/",
            {"username": username, "password1": password, "password2": password, "display_name": "Sun Kim"},
            REMOTE_ADDR=address,
        )
        client.get(lesson.url, REMOTE_ADDR=address)
        client.post(lesson.url, {f"q-{lesson.quiz[0].id}": "0"}, REMOTE_ADDR=address)
        client.get("/en/search/?q=my+private+search", REMOTE_ADDR=address)
        client.post("/en/accounts/logout/", REMOTE_ADDR=address)
        client.post("/en/accounts/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)
    lines = [record.getMessage() for record in caplog.records if record.name == "enok.requests"]
    assert len(lines) >= 6
    log = "\n".join(lines)
    for secret in [username, password, PASSWORD, address, "Sun Kim", "private", lesson.slug, "csrfmiddlewaretoken"]:
        assert secret not in log, secret
    entry = json.loads(lines[0])
    assert set(entry) == {"method", "route", "status", "ms", "language", "signed_in"}
    assert entry["route"] == "en/accounts/signup/" and entry["status"] == 302
    assert {json.loads(line)["route"] for line in lines} >= {"(page)", "en/search/", "en/accounts/login/"}
