"""Signing up asks for a username and a password only, and refuses bad input clearly."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GOOD = {"username": "newcomer", "display_name": "", "password1": "river-Stone-1987", "password2": "river-Stone-1987"}


def signup(client, language="en", **changes):
    data = {**GOOD, **changes}
    return client.post(f"/{language}/accounts/signup/", data)


def test_form_asks_for_no_personal_data(client):
    html = client.get("/en/accounts/signup/").content.decode()
    for name in ["username", "display_name", "password1", "password2"]:
        assert f'name="{name}"' in html
    for name in ["email", "first_name", "last_name", "phone", "birth"]:
        assert f'name="{name}"' not in html


def test_sign_up_creates_a_learner_and_signs_in(client):
    response = signup(client, display_name="Sun")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    user = get_user_model().objects.get(username="newcomer")
    assert list(user.groups.values_list("name", flat=True)) == ["Learners"]
    assert user.display_name == "Sun" and user.email == "" and user.language == "en"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_up_in_korean_remembers_korean(client):
    signup(client, language="ko")
    assert get_user_model().objects.get(username="newcomer").language == "ko"


def test_sign_up_returns_to_next(client):
    response = client.post("/en/accounts/signup/?next=/en/courses/", {**GOOD, "next": "/en/courses/"})
    assert response["Location"] == "/en/courses/"


def test_sign_up_ignores_an_outside_next(client):
    response = client.post("/en/accounts/signup/", {**GOOD, "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


BAD_INPUT = [
    (
        "taken",
        {"username": "Existing"},
        "A user with that username already exists.",
        "이미 다른 사람이 쓰고 있는 사용자 이름이에요.",
    ),
    (
        "weak",
        {"password1": "12345678", "password2": "12345678"},
        "This password is too common.",
        "너무 흔히 사용되는 비밀번호입니다.",
    ),
    ("short", {"password1": "ab1", "password2": "ab1"}, "This password is too short.", "비밀번호는 너무 짧습니다."),
    ("long", {"username": "a" * 10_000}, "Ensure this value has at most 150 characters", "최대 150 개의 글자"),
    ("nul", {"username": "bad\x00name"}, "Null characters are not allowed.", "null 문자는 사용할 수 없습니다."),
    ("mismatch", {"password2": "another-Stone-1987"}, "The two password fields", "비밀번호가 일치하지 않습니다."),
    ("blank", {"username": ""}, "This field is required.", "필수 작성 항목입니다"),
    ("spaces", {"username": "two words"}, "Enter a valid username.", "유효한 사용자 이름을 입력하세요."),
]


@pytest.mark.parametrize(("case", "changes", "english", "korean"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_bad_input_gets_a_clear_message_and_creates_no_user(client, case, changes, english, korean, language):
    UserFactory(username="existing")
    before = get_user_model().objects.count()
    response = signup(client, language=language, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert (english if language == "en" else korean) in html
    assert 'role="alert"' in html
    assert get_user_model().objects.count() == before
    assert "_auth_user_id" not in client.session


def test_signed_in_visitor_is_sent_on(client, learner):
    client.force_login(learner)
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302
