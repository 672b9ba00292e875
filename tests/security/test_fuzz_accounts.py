"""Fuzzed posts to the account forms: sign up, log in, log out, password, settings, delete, language.

Each test sends 200 hypothesis examples, some under /en/ and some under /ko/.
A refused post must come back with its errors on the page in that language and
leave every table as it was; an accepted one must change exactly what it says.
Where the input is plainly good (or plainly bad) the test also says which of
the two must happen. The list of endpoints lives in test_fuzz_forms.py.
"""

import unicodedata
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import PASSWORD, UserFactory

from .fuzz_harness import (
    FUZZ,
    assert_changed,
    assert_message_in_language,
    assert_no_nul_stored,
    assert_redirect_with_message,
    assert_refused_with_form_errors,
    assert_unchanged,
    example,
    row_counts,
    sent_messages,
)
from .strategies import LANGUAGES, field, form, text, values_of

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD_PASSWORD = "river-Stone-1987"
LOCAL_NEXT = ["/en/", "/ko/courses/", "/en/glossary/?q=bank"]
OUTSIDE_NEXT = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:evil.example", " //evil.example"]
NEXT = field(*LOCAL_NEXT, *OUTSIDE_NEXT)


def url(name, language):
    with translation.override(language):
        return reverse(name)


def once(data, name):
    """The single value sent under `name`, or None when it was missing or sent more than once."""
    values = values_of(data, name)
    return values[0] if len(values) == 1 else None


def assert_stays_on_this_site(response):
    """A redirect never leads to another host, whatever `next` said (a relative "0" stays here too)."""
    location = response["Location"]
    parts = urlsplit(location)
    assert parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"), location
    assert not location.lstrip().startswith(("//", "/\\", "\\")), location


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def member(db):
    return UserFactory(username="member", groups=["Learners"], display_name="Sun")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


SIGN_UP = form(
    username=field("newcomer", "새학습자", "a.b+c-d_e@f", "x" * 150, "Member"),
    display_name=field("", "Sun", "순이 😀"),
    password1=field(GOOD_PASSWORD),
    password2=field(GOOD_PASSWORD),
    next=NEXT,
)


@FUZZ
@given(data=SIGN_UP, language=LANGUAGES)
def test_sign_up(anonymous, member, data, language):
    with example(anonymous):
        before = row_counts()
        response = anonymous.post(url("accounts:signup", language), data)
        after = row_counts()
        username = once(data, "username")
        good = (
            username in ("newcomer", "새학습자", "a.b+c-d_e@f", "x" * 150)
            and once(data, "password1") == once(data, "password2") == GOOD_PASSWORD
            and values_of(data, "display_name") in ([], [""], ["Sun"], ["순이 😀"])
        )
        if response.status_code == 302:
            assert_stays_on_this_site(response)
            assert_changed(before, after, {"accounts.User": 1, "accounts.User_groups": 1})
            user = User.objects.latest("pk")
            assert user.username == unicodedata.normalize("NFKC", values_of(data, "username")[-1].strip())
            assert user.language == language and user.groups.get().name == "Learners"
            assert_no_nul_stored()
            for text_ in sent_messages(response):
                assert_message_in_language(text_, language)
        else:
            assert not good, "good input was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


LOG_IN = form(username=field("member"), password=field(PASSWORD), remember=field("on", ""), next=NEXT)


@FUZZ
@given(data=LOG_IN, language=LANGUAGES)
def test_log_in(anonymous, member, data, language):
    with example(anonymous):
        before = row_counts()
        response = anonymous.post(url("accounts:login", language), data)
        after = row_counts()
        good = once(data, "username") == "member" and once(data, "password") == PASSWORD
        assert_unchanged(before, after)  # signing in writes no rows of ours (last_login is an update)
        if response.status_code == 302:
            assert_stays_on_this_site(response)
            assert values_of(data, "username")[-1].strip() == "member" and values_of(data, "password")[-1] == PASSWORD
        else:
            assert not good, "the right username and password were refused"
            assert_refused_with_form_errors(response, language)
            assert "_auth_user_id" not in anonymous.session


@FUZZ
@given(data=form(next=NEXT), language=LANGUAGES)
def test_log_out(member_client, data, language):
    with example(member_client):
        before = row_counts()
        response = member_client.post(url("accounts:logout", language), data)
        assert_unchanged(before, row_counts())
        assert_stays_on_this_site(response)
        assert_redirect_with_message(response, language)
        assert "_auth_user_id" not in member_client.session


CHANGE_PASSWORD = form(
    old_password=field(PASSWORD),
    new_password1=field(GOOD_PASSWORD, "12345678"),
    new_password2=field(GOOD_PASSWORD, "12345678"),
)


@FUZZ
@given(data=CHANGE_PASSWORD, language=LANGUAGES)
def test_password_change(member_client, member, data, language):
    with example(member_client):
        before = row_counts()
        response = member_client.post(url("accounts:password_change", language), data)
        assert_unchanged(before, row_counts())
        member.refresh_from_db()
        good = once(data, "old_password") == PASSWORD and (
            once(data, "new_password1") == once(data, "new_password2") == GOOD_PASSWORD
        )
        if response.status_code == 302:
            assert response["Location"] == url("accounts:password_change_done", language)
            assert member.check_password(values_of(data, "new_password1")[-1])
        else:
            assert not good, "a good password change was refused"
            assert_refused_with_form_errors(response, language)
            assert member.check_password(PASSWORD)


@FUZZ
@given(data=form(display_name=field("", "Sun", "순이", "😀" * 60)), language=LANGUAGES)
def test_account_settings(member_client, member, data, language):
    with example(member_client):
        before = row_counts()
        response = member_client.post(url("accounts:settings", language), data)
        assert_unchanged(before, row_counts())
        member.refresh_from_db()
        sent = values_of(data, "display_name")
        if response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert member.display_name == (sent[-1].strip() if sent else "")
            assert_no_nul_stored()
        else:
            assert sent and ("\x00" in sent[-1] or len(sent[-1].strip()) > 60), "a good display name was refused"
            assert_refused_with_form_errors(response, language)
            assert member.display_name == "Sun"


@FUZZ
@given(data=form(password=field(PASSWORD), understood=field("on", "true", "false", "0")), language=LANGUAGES)
def test_delete_account(member_client, member, data, language):
    with example(member_client):
        before = row_counts()
        response = member_client.post(url("accounts:delete", language), data)
        after = row_counts()
        good = once(data, "password") == PASSWORD and once(data, "understood") in ("on", "true")
        if response.status_code == 302:
            assert response["Location"] == f"/{language}/"
            assert_changed(before, after, {"accounts.User": -1, "accounts.User_groups": -1})
            assert not User.objects.filter(pk=member.pk).exists()
            assert_redirect_with_message(response, language)
        else:
            assert not good, "deleting with the right password and the tick was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


@FUZZ
@given(data=form(language=field("en", "ko", "fr", "KO"), next=NEXT), language=LANGUAGES)
def test_set_language(member_client, member, data, language):
    member_client.cookies.pop("django_language", None)
    with example(member_client):
        before = row_counts()
        response = member_client.post(reverse("set_language"), data)
        assert_unchanged(before, row_counts())
        assert response.status_code == 302
        assert_stays_on_this_site(response)
        member.refresh_from_db()
        chosen = values_of(data, "language")
        if chosen and chosen[-1] in ("en", "ko"):
            assert member.language == chosen[-1]
        else:
            assert member.language == ""


QUERY = st.one_of(text(), st.just("<script>alert(1)</script>"))


@FUZZ
@given(data=form(q=QUERY), language=LANGUAGES)
def test_search_query(anonymous, data, language):
    with example(anonymous):
        before = row_counts()
        response = anonymous.get(url("core:search", language), data)
        assert_unchanged(before, row_counts())
        assert response.status_code == 200 and response["Content-Language"] == language
        assert b"<script>alert(1)</script>" not in response.content


@FUZZ
@given(data=form(q=QUERY, letter=field("A", "가", "Z", "ㄱ")), language=LANGUAGES)
def test_glossary_query(anonymous, data, language):
    with example(anonymous):
        before = row_counts()
        response = anonymous.get(url("lessons:glossary", language), data)
        assert_unchanged(before, row_counts())
        assert response.status_code == 200 and response["Content-Language"] == language
        assert b"<script>alert(1)</script>" not in response.content


# Regression: fuzzing found that a `next` such as "0" made redirect() look for a view named "0" (500).
@pytest.mark.parametrize("target", ["0", "x", "login"])
def test_sign_up_with_a_next_that_is_not_a_path_goes_home(anonymous, target):
    data = {"username": "newcomer", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD, "next": target}
    response = anonymous.post("/en/accounts/signup/", data)
    assert response.status_code == 302 and response["Location"] == "/en/"


@pytest.mark.parametrize("target", ["0", "x", "login"])
def test_log_in_with_a_next_that_is_not_a_path_goes_to_my_learning(anonymous, member, target):
    member.language = "ko"  # the language redirect is the path that turned the target into a view name
    member.save(update_fields=["language"])
    response = anonymous.post("/en/accounts/login/", {"username": "member", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == "/ko/learning/"


# Regression: fuzzing on PostgreSQL found that a NUL in the search or glossary query reached the database (500).
@pytest.mark.parametrize("address", ["/en/search/", "/ko/search/", "/en/glossary/"])
def test_control_characters_in_a_query_are_dropped(anonymous, address):
    response = anonymous.get(address, {"q": "bank\x00 \x07account\x1b"})
    assert response.status_code == 200
    assert response.context["query"] == "bank account"
