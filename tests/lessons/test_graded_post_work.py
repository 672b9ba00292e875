"""A graded quiz submission shows the result without building a fresh quiz form (lessons/models/pages.py)."""

import pytest

from lessons import quiz
from tests.factories import UserFactory
from tests.progress.helpers import answers
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return make_lesson(make_module(make_course()), title="Paying rent", quiz=SAMPLE_QUIZ)


def test_a_graded_submission_builds_no_form(client, lesson, monkeypatch):
    client.force_login(UserFactory(groups=["Learners"]))
    built = []
    real = quiz.build_form

    def spy(blocks, data=None, *args, **kwargs):
        if data is None:  # a fresh form; grading builds one from the answers
            built.append(1)
        return real(blocks, data, *args, **kwargs)

    monkeypatch.setattr(quiz, "build_form", spy)
    response = client.post(lesson.url, answers(lesson))
    assert response.status_code == 200 and "Saved to your progress." in response.content.decode()
    assert built == []


def test_an_incomplete_submission_still_shows_the_form_with_its_message(client, lesson):
    client.force_login(UserFactory(groups=["Learners"]))
    response = client.post(lesson.url, {})
    html = response.content.decode()
    assert response.status_code == 200 and "Saved to your progress." not in html
    assert 'name="submission_token"' in html
