"""Tutor area, groups and learner accounts: groups, accounts with one-time passwords, adding, resetting, removing.

Bad input gets a clear message and changes nothing; every URL with an id is a 404
for another tutor; learners get 403 and anonymous visitors are sent to sign in.
"""

import logging
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from progress.models import Assignment, LearnerGroup, LessonProgress
from progress.services import record_lesson_opened
from progress.tutoring import accounts
from tests.factories import PASSWORD, UserFactory
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db
User = get_user_model()
NO_SUCH = "There is no learner with that username."
OTP_PATTERN = re.compile(r"\b([a-z3-9]{4}-[a-z3-9]{4}-[a-z3-9]{4})\b")


@pytest.fixture
def group(tutor):
    group = LearnerGroup.objects.create(name="Tuesday evening")
    group.tutors.add(tutor)
    return group


@pytest.fixture
def member(group, learner):
    group.learners.add(learner)
    return learner


@pytest.fixture
def other_tutor(db):
    return UserFactory(groups=["Tutors"])


@pytest.fixture
def tutor_client(client, tutor):
    client.force_login(tutor)
    return client


def url(name, **kwargs):
    return reverse(f"tutor:{name}", kwargs=kwargs)


def one_time_password(response):
    """The one-time password shown on the page."""
    found = OTP_PATTERN.findall(response.content.decode())
    assert len(found) == 1, found
    return found[0]


def counts():
    """Row counts that bad input must leave unchanged."""
    return (
        User.objects.count(),
        LearnerGroup.objects.count(),
        LearnerGroup.learners.through.objects.count(),
        LearnerGroup.tutors.through.objects.count(),
        Assignment.objects.count(),
    )


def group_url_names(group, learner):
    """(name, kwargs, POST data) for every URL of this part that carries an id."""
    ids = {"group_id": group.pk}
    both = {"group_id": group.pk, "learner_id": learner.pk}
    return [
        ("rename_group", ids, {"name": "Taken over"}),
        ("create_learner", ids, {"username": "intruder", "display_name": ""}),
        ("add_learner", ids, {"username": learner.username}),
        ("reset_password", both, {}),
        ("remove_learner", both, {}),
    ]


# --- Groups -------------------------------------------------------------------------------------


def test_new_tutor_sees_the_first_steps_and_a_form(tutor_client):
    html = tutor_client.get(url("home")).content.decode()
    assert "Welcome! Here is how to begin" in html
    assert "Create a group below" in html and "Assign modules" in html
    assert f'action="{url("create_group")}"' in html and 'name="name"' in html


def test_home_lists_only_own_groups_with_learner_counts(tutor_client, tutor, group, member, other_tutor):
    group.learners.add(UserFactory(groups=["Learners"]))
    other = LearnerGroup.objects.create(name="Someone else's group")
    other.tutors.add(other_tutor)
    html = tutor_client.get(url("home")).content.decode()
    assert "Tuesday evening" in html and "2 learners" in html
    assert url("group", group_id=group.pk) in html
    assert "Someone else" not in html
    assert "Here is how to begin" not in html


def test_creating_a_group(tutor_client, tutor):
    response = tutor_client.post(url("create_group"), {"name": "  Family Kim  "})
    group = LearnerGroup.objects.get()
    assert group.name == "Family Kim" and list(group.tutors.all()) == [tutor]
    assert response.status_code == 302 and response["Location"] == url("rename_group", group_id=group.pk)
    assert "The group is ready" in tutor_client.get(response["Location"]).content.decode()


BAD_NAMES = [
    ("blank", "", "This field is required."),
    ("spaces", "   ", "This field is required."),
    ("long", "a" * 10_000, "Ensure this value has at most 80 characters"),
    ("nul", "bad\x00name", "Null characters are not allowed."),
]


@pytest.mark.parametrize(("case", "name", "message"), BAD_NAMES, ids=[c[0] for c in BAD_NAMES])
def test_bad_group_name_gets_a_message_and_creates_nothing(tutor_client, case, name, message):
    before = counts()
    response = tutor_client.post(url("create_group"), {"name": name})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'role="alert"' in html
    assert counts() == before


def test_renaming_a_group(tutor_client, group):
    html = tutor_client.get(url("rename_group", group_id=group.pk)).content.decode()
    assert 'value="Tuesday evening"' in html
    response = tutor_client.post(url("rename_group", group_id=group.pk), {"name": "Thursday morning"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Thursday morning"


@pytest.mark.parametrize(("case", "name", "message"), BAD_NAMES, ids=[c[0] for c in BAD_NAMES])
def test_bad_new_name_gets_a_message_and_keeps_the_old(tutor_client, group, case, name, message):
    response = tutor_client.post(url("rename_group", group_id=group.pk), {"name": name})
    assert response.status_code == 200 and message in response.content.decode()
    group.refresh_from_db()
    assert group.name == "Tuesday evening"


# --- Creating a learner account ----------------------------------------------------------------


def test_one_time_passwords_are_easy_to_read_aloud_and_random():
    passwords = {accounts.generate_one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert OTP_PATTERN.fullmatch(password)
        assert not set(password) & set("0o1li2z5q")


def test_creating_a_learner_shows_the_password_once(tutor_client, group, caplog):
    caplog.set_level(logging.DEBUG)
    response = tutor_client.post(
        url("create_learner", group_id=group.pk), {"username": "sunhee", "display_name": "Sun"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    password = one_time_password(response)
    assert "sunhee" in html and "in person or by phone" in html and "choose their own password" in html

    learner = User.objects.get(username="sunhee")
    assert learner.display_name == "Sun" and learner.must_change_password and learner.check_password(password)
    assert list(learner.groups.values_list("name", flat=True)) == ["Learners"]
    assert list(group.learners.all()) == [learner]
    assert learner.email == "" and not learner.is_staff

    # Never in a URL, the session, a message or a log, and not shown again.
    assert password not in str(dict(tutor_client.session.items()))
    assert password not in str(response.cookies)
    for path in [url("home"), url("rename_group", group_id=group.pk), url("create_learner", group_id=group.pk)]:
        page = tutor_client.get(path)
        assert password not in page.content.decode() and password not in page.get("Location", "")
    assert password not in caplog.text


def test_the_one_time_password_works_once_and_forces_a_change(tutor_client, group):
    response = tutor_client.post(url("create_learner", group_id=group.pk), {"username": "minjun", "display_name": ""})
    password = one_time_password(response)

    client = Client()  # the learner's own browser
    response = client.post("/en/accounts/login/", {"username": "minjun", "password": password})
    assert response.status_code == 302
    assert client.get("/en/learning/")["Location"] == "/en/accounts/password/"
    response = client.post(
        "/en/accounts/password/",
        {"old_password": password, "new_password1": "my-own-River-88", "new_password2": "my-own-River-88"},
    )
    assert response.status_code == 302
    learner = User.objects.get(username="minjun")
    assert not learner.must_change_password and not learner.check_password(password)
    assert client.get("/en/learning/").status_code == 200

    client.logout()
    client.post("/en/accounts/login/", {"username": "minjun", "password": password})
    assert "_auth_user_id" not in client.session


BAD_ACCOUNTS = [
    ("taken-other-case", {"username": "EXISTING"}, "A user with that username already exists."),
    ("taken", {"username": "existing"}, "A user with that username already exists."),
    ("blank", {"username": ""}, "This field is required."),
    ("long", {"username": "a" * 10_000}, "Ensure this value has at most 150 characters"),
    ("long-display-name", {"display_name": "a" * 10_000}, "Ensure this value has at most 60 characters"),
    ("nul", {"username": "bad\x00name"}, "Null characters are not allowed."),
    ("nul-display-name", {"display_name": "Sun\x00"}, "Null characters are not allowed."),
    ("spaces", {"username": "two words"}, "Enter a valid username."),
]


@pytest.mark.parametrize(("case", "changes", "message"), BAD_ACCOUNTS, ids=[c[0] for c in BAD_ACCOUNTS])
def test_bad_input_for_a_new_learner_gets_a_message_and_creates_nothing(tutor_client, group, case, changes, message):
    UserFactory(username="existing", groups=["Learners"])
    before = counts()
    response = tutor_client.post(url("create_learner", group_id=group.pk), {"username": "newcomer", **changes})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and 'role="alert"' in html
    assert not OTP_PATTERN.search(html)
    assert counts() == before


def test_create_learner_account_refuses_a_taken_username_and_a_foreign_group(tutor, group, other_tutor):
    UserFactory(username="Existing")
    with pytest.raises(ValidationError):
        accounts.create_learner_account(tutor, group, "existing")
    with pytest.raises(PermissionDenied):
        accounts.create_learner_account(other_tutor, group, "newcomer")
    assert not User.objects.filter(username="newcomer").exists()


# --- Adding a learner who has an account ---------------------------------------------------------


def test_adding_an_existing_learner_by_username(tutor_client, group):
    sunhee = UserFactory(username="SunHee", groups=["Learners"])
    response = tutor_client.post(url("add_learner", group_id=group.pk), {"username": "sunhee"})
    assert response.status_code == 302 and response["Location"] == url("rename_group", group_id=group.pk)
    assert list(group.learners.all()) == [sunhee]
    assert not User.objects.get(pk=sunhee.pk).must_change_password


def test_adding_someone_already_in_the_group_says_so(tutor_client, group, member):
    before = counts()
    response = tutor_client.post(url("add_learner", group_id=group.pk), {"username": member.username})
    assert response.status_code == 200 and "already in the group" in response.content.decode()
    assert counts() == before


def _error_block(html):
    """The form's error messages, without the echoed input."""
    return re.findall(r'<div class="form-errors" role="alert">.*?</div>|<ul class="errorlist".*?</ul>', html, re.S)


@pytest.mark.parametrize("who", ["unknown", "tutor", "editor", "superuser", "staff", "learner-and-tutor", "inactive"])
def test_adding_anyone_but_a_learner_gets_the_same_message(tutor_client, group, who):
    if who == "tutor":
        UserFactory(username="someone", groups=["Tutors"])
    elif who == "editor":
        UserFactory(username="someone", groups=["Editors"], is_staff=True)
    elif who == "superuser":
        UserFactory(username="someone", is_superuser=True, is_staff=True)
    elif who == "staff":
        UserFactory(username="someone", groups=["Learners"], is_staff=True)
    elif who == "learner-and-tutor":
        UserFactory(username="someone", groups=["Learners", "Tutors"])
    elif who == "inactive":
        UserFactory(username="someone", groups=["Learners"], is_active=False)
    UserFactory(username="control", groups=["Tutors"])  # the message for a tutor who surely exists
    before = counts()
    response = tutor_client.post(url("add_learner", group_id=group.pk), {"username": "someone"})
    control = tutor_client.post(url("add_learner", group_id=group.pk), {"username": "nobody-at-all"})
    html = response.content.decode()
    assert response.status_code == 200 and NO_SUCH in html and 'role="alert"' in html
    assert _error_block(html) == _error_block(control.content.decode())
    assert counts() == before


@pytest.mark.parametrize(
    ("case", "username", "message"),
    [
        ("blank", "", "This field is required."),
        ("long", "a" * 10_000, "Ensure this value has at most 150 characters"),
        ("nul", "bad\x00name", "Null characters are not allowed."),
    ],
)
def test_bad_input_for_adding_gets_a_message(tutor_client, group, case, username, message):
    before = counts()
    response = tutor_client.post(url("add_learner", group_id=group.pk), {"username": username})
    assert response.status_code == 200 and message in response.content.decode()
    assert counts() == before


# --- Resetting a password -----------------------------------------------------------------------


def test_resetting_a_password_gives_a_new_one_time_password(tutor_client, group, member):
    response = tutor_client.post(url("reset_password", group_id=group.pk, learner_id=member.pk))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    member.refresh_from_db()
    assert member.must_change_password and member.check_password(password) and not member.check_password(PASSWORD)
    assert password not in str(dict(tutor_client.session.items()))

    client = Client()  # the learner's own browser
    client.post("/en/accounts/login/", {"username": member.username, "password": password})
    assert client.get("/en/learning/")["Location"] == "/en/accounts/password/"


def test_resetting_signs_the_learner_out(tutor_client, group, member):
    client = Client()  # the learner's own browser
    client.force_login(member)
    assert client.get("/en/learning/").status_code == 200
    tutor_client.post(url("reset_password", group_id=group.pk, learner_id=member.pk))
    assert client.get("/en/learning/").status_code == 302


def test_a_privileged_account_in_a_group_cannot_be_reset(tutor_client, group, other_tutor):
    group.learners.add(other_tutor)  # e.g. a learner who later became a tutor
    response = tutor_client.post(url("reset_password", group_id=group.pk, learner_id=other_tutor.pk))
    assert response.status_code == 302
    other_tutor.refresh_from_db()
    assert other_tutor.check_password(PASSWORD) and not other_tutor.must_change_password


# --- Removing a learner -------------------------------------------------------------------------


def test_removing_keeps_the_account_history_and_group_assignments(tutor_client, tutor, group, member):
    course = make_course()
    module = make_module(course)
    lesson = make_lesson(module)
    record_lesson_opened(member, lesson)
    own = Assignment.objects.create(group=group, learner=member, module_key=uuid.uuid4(), module_title="Banking")
    whole = Assignment.objects.create(group=group, module_key=uuid.uuid4(), module_title="Jobs")
    elsewhere = LearnerGroup.objects.create(name="Other")
    elsewhere.learners.add(member)
    kept = Assignment.objects.create(group=elsewhere, learner=member, module_key=own.module_key, module_title="B")

    response = tutor_client.post(url("remove_learner", group_id=group.pk, learner_id=member.pk))
    assert response.status_code == 302 and response["Location"] == url("rename_group", group_id=group.pk)
    assert not group.learners.filter(pk=member.pk).exists()
    assert User.objects.filter(pk=member.pk).exists()
    assert LessonProgress.objects.filter(learner=member).count() == 1
    assert set(Assignment.objects.all()) == {whole, kept}
    assert elsewhere.learners.filter(pk=member.pk).exists()


def test_group_settings_list_learners_with_their_actions(tutor_client, group, member):
    html = tutor_client.get(url("rename_group", group_id=group.pk)).content.decode()
    assert member.username in html
    assert url("reset_password", group_id=group.pk, learner_id=member.pk) in html
    assert url("remove_learner", group_id=group.pk, learner_id=member.pk) in html


# --- Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_tutor_gets_404_on_every_url_with_an_id(client, group, member, other_tutor, method):
    client.force_login(other_tutor)
    before = counts()
    password = User.objects.get(pk=member.pk).password
    for name, kwargs, data in group_url_names(group, member):
        response = getattr(client, method)(url(name, **kwargs), data)
        assert response.status_code == 404, name
    assert counts() == before
    assert User.objects.get(pk=member.pk).password == password
    assert LearnerGroup.objects.get(pk=group.pk).name == "Tuesday evening"


def test_a_learner_outside_the_group_is_404(tutor_client, tutor, group, member):
    stranger = UserFactory(groups=["Learners"])
    mine_elsewhere = LearnerGroup.objects.create(name="My other group")
    mine_elsewhere.tutors.add(tutor)
    mine_elsewhere.learners.add(stranger)  # the tutor's learner, but not in this group
    other = UserFactory(groups=["Learners"])
    for learner in (stranger, other):
        for name in ("reset_password", "remove_learner"):
            response = tutor_client.post(url(name, group_id=group.pk, learner_id=learner.pk))
            assert response.status_code == 404, name
    assert mine_elsewhere.learners.filter(pk=stranger.pk).exists()
    assert not User.objects.get(pk=stranger.pk).must_change_password


def test_a_group_that_does_not_exist_is_404(tutor_client, member):
    for name in ("rename_group", "create_learner", "add_learner"):
        assert tutor_client.get(url(name, group_id=999_999)).status_code == 404


def test_post_only_actions_refuse_get(tutor_client, group, member):
    for name in ("reset_password", "remove_learner"):
        response = tutor_client.get(url(name, group_id=group.pk, learner_id=member.pk))
        assert response.status_code == 405, name
    assert tutor_client.get(url("create_group")).status_code == 405
    assert group.learners.filter(pk=member.pk).exists()


def all_urls(group, member):
    return [(url("home"), {}), (url("create_group"), {"name": "x"})] + [
        (url(name, **kwargs), data) for name, kwargs, data in group_url_names(group, member)
    ]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["learner", "editor"])
def test_learners_and_editors_get_403(client, group, member, editor, who, method):
    client.force_login(member if who == "learner" else editor)
    before = counts()
    for path, data in all_urls(group, member):
        assert getattr(client, method)(path, data).status_code == 403, path
    assert counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client, group, member, method):
    before = counts()
    for path, data in all_urls(group, member):
        response = getattr(client, method)(path, data)
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/"), path
    assert counts() == before
