"""Checklist ticks: kept per learner and lesson, refused for anything that is not that lesson's checklist."""

import pytest

from progress.models import ChecklistTick
from progress.services import checklist_ticks
from tests.factories import UserFactory
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

CHECKLIST = ("checklist", {"title": "Before you go", "items": ["Photo ID", "Proof of address", "Pen"]})


@pytest.fixture
def lesson():
    return make_lesson(make_module(make_course()), body=[("paragraph", "<p>Text</p>"), CHECKLIST])


def post(client, lesson, items, block=None, **headers):
    block = block if block is not None else lesson.body[1].id
    return client.post(
        "/en/learning/checklist/", {"lesson": lesson.pk, "block": block, "item": items}, headers=headers or None
    )


def test_ticks_are_saved_and_shown_checked(client, learner, lesson):
    client.force_login(learner)
    response = post(client, lesson, ["0", "2"])
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}#checklist-{lesson.body[1].id}"
    assert checklist_ticks(learner, lesson) == {lesson.body[1].id: {0, 2}}
    html = client.get(lesson.url).content.decode()
    assert html.count("checked>") == 2
    assert 'value="0" checked' in html and 'value="1">' in html


def test_unticking_removes_ticks(client, learner, lesson):
    client.force_login(learner)
    post(client, lesson, ["0", "1", "2"])
    post(client, lesson, ["1"])
    assert checklist_ticks(learner, lesson) == {lesson.body[1].id: {1}}


def test_script_saves_without_a_redirect(client, learner, lesson):
    client.force_login(learner)
    assert post(client, lesson, ["1"], **{"X-Requested-With": "fetch"}).status_code == 204


def test_ticks_belong_to_one_learner(client, learner, lesson):
    client.force_login(learner)
    post(client, lesson, ["0"])
    other = UserFactory(groups=["Learners"])
    assert checklist_ticks(other, lesson) == {}
    client.force_login(other)
    assert "checked>" not in client.get(lesson.url).content.decode()


@pytest.mark.parametrize(
    ("items", "block"),
    [(["3"], None), (["-1"], None), (["x"], None), (["0"], "not-a-block"), (["0"], "")],
)
def test_bad_ticks_are_refused_and_save_nothing(client, learner, lesson, items, block):
    client.force_login(learner)
    assert post(client, lesson, items, block=block).status_code == 400
    assert ChecklistTick.objects.count() == 0


def test_a_paragraph_is_not_a_checklist(client, learner, lesson):
    client.force_login(learner)
    assert post(client, lesson, ["0"], block=lesson.body[0].id).status_code == 400


def test_unknown_or_unpublished_lesson_is_404(client, learner, lesson):
    client.force_login(learner)
    draft = make_lesson(lesson.get_parent(), body=[CHECKLIST], live=False)
    assert client.post("/en/learning/checklist/", {"lesson": 999999, "block": "x"}).status_code == 404
    assert client.post("/en/learning/checklist/", {"lesson": draft.pk, "block": draft.body[0].id}).status_code == 404


def test_visitors_are_sent_to_log_in_and_get_browser_only_ticks(client, lesson):
    response = post(client, lesson, ["0"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    html = client.get(lesson.url).content.decode()
    assert 'data-local="true"' in html and "kept on this device only" in html
    assert ChecklistTick.objects.count() == 0


def test_get_is_not_allowed(client, learner):
    client.force_login(learner)
    assert client.get("/en/learning/checklist/").status_code == 405
