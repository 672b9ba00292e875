"""A one-time password works once: the person must choose their own before going anywhere."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer():
    user = UserFactory(groups=["Learners"])
    user.set_password("one-time-Pass-1234")
    user.must_change_password = True
    user.save()
    return user


def test_every_page_sends_them_to_change_the_password(client, newcomer):
    client.post("/en/accounts/login/", {"username": newcomer.username, "password": "one-time-Pass-1234"})
    for path in ["/en/", "/en/learning/", "/en/courses/", "/ko/glossary/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == f"/{path[1:3]}/accounts/password/", path
    assert client.get("/en/accounts/password/").status_code == 200


def test_choosing_a_password_ends_it(client, newcomer):
    client.force_login(newcomer)
    response = client.post(
        "/en/accounts/password/",
        {"old_password": "one-time-Pass-1234", "new_password1": "my-own-River-88", "new_password2": "my-own-River-88"},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password("my-own-River-88")
    assert client.get("/en/learning/").status_code == 200


def test_they_can_still_log_out(client, newcomer):
    client.force_login(newcomer)
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
