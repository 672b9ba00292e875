"""The benchmark counts a signed-in page as failed unless it shows the log-out form, which visitors' pages lack."""

import pytest

from benchmarks.run import LOGGED_IN_TEXT
from tests.factories import UserFactory
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def test_only_a_signed_in_lesson_page_has_the_signed_in_text(client):
    lesson = make_lesson(make_module(make_course()))
    visitor_page = client.get(lesson.url).content.decode()
    assert "/accounts/logout/" in visitor_page  # the address alone is on every page (offline.js)
    assert LOGGED_IN_TEXT not in visitor_page
    client.force_login(UserFactory(groups=["Learners"]))
    assert LOGGED_IN_TEXT in client.get(lesson.url).content.decode()
    assert LOGGED_IN_TEXT in client.get("/en/learning/").content.decode()
