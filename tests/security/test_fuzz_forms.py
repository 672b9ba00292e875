"""Every URL of the public site that accepts POST, where it is fuzzed, and the fuzzing of the rest.

ADDING A URL THAT ACCEPTS POST (or a view without a method restriction)? Add
its key to FUZZED with the test that fuzzes it, or to READ_ONLY if it answers
POST exactly as GET and changes nothing; `test_every_post_endpoint_is_listed`
fails until you do. A view is taken to accept POST unless it is a class-based
view without `post`, or is wrapped in Django's `require_http_methods` (or
`require_GET`, `require_safe`) without POST.

The fuzz tests themselves live beside this module (test_fuzz_accounts.py,
test_fuzz_learning.py, test_fuzz_tutoring.py, test_fuzz_two_factor.py); this
one fuzzes the read-only URLs, the data-saver switch and Wagtail's page
password form, and checks that the harness can see what it is meant to see.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.module_loading import import_string
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.data_saver import CHOICES, COOKIE_NAME
from tests.utils import make_course, make_lesson, make_module

from .fuzz_harness import (
    FUZZ,
    assert_message_in_language,
    assert_no_nul_stored,
    assert_refused_with_form_errors,
    assert_unchanged,
    example,
    row_counts,
    sent_messages,
)
from .helpers import url_patterns
from .strategies import LANGUAGES, field, form, text, values_of
from .test_fuzz_tutoring import World as TutorWorld

pytestmark = pytest.mark.django_db

FUZZED = {
    "set_language": "test_fuzz_accounts.py::test_set_language",
    "accounts:settings": "test_fuzz_accounts.py::test_account_settings",
    "accounts:delete": "test_fuzz_accounts.py::test_delete_account",
    "accounts:login": "test_fuzz_accounts.py::test_log_in",
    "accounts:logout": "test_fuzz_accounts.py::test_log_out",
    "accounts:signup": "test_fuzz_accounts.py::test_sign_up",
    "accounts:password_change": "test_fuzz_accounts.py::test_password_change",
    "accounts:login_code": "test_fuzz_two_factor.py::test_sign_in_code",
    "accounts:two_factor": "test_fuzz_two_factor.py::test_set_up_two_factor",
    "accounts:two_factor_recovery": "test_fuzz_two_factor.py::test_new_recovery_codes",
    "accounts:two_factor_off": "test_fuzz_two_factor.py::test_turn_two_factor_off",
    "progress:checklist": "test_fuzz_learning.py::test_checklist_ticks",
    "progress:mark_done": "test_fuzz_learning.py::test_mark_as_done",
    "review:answer": "test_fuzz_learning.py::test_review_answer",
    "review:add": "test_fuzz_learning.py::test_add_to_review_deck",
    "wagtail_serve": "test_fuzz_learning.py::test_quiz_submission (lessons); test_read_only_urls (other pages)",
    "tutor:create_group": "test_fuzz_tutoring.py::test_create_group",
    "tutor:rename_group": "test_fuzz_tutoring.py::test_rename_group",
    "tutor:create_learner": "test_fuzz_tutoring.py::test_create_learner",
    "tutor:add_learner": "test_fuzz_tutoring.py::test_add_existing_learner",
    "tutor:remove_learner": "test_fuzz_tutoring.py::test_remove_learner",
    "tutor:reset_password": "test_fuzz_tutoring.py::test_reset_password",
    "tutor:assign": "test_fuzz_tutoring.py::test_assign_module",
    "tutor:edit_assignment": "test_fuzz_tutoring.py::test_edit_assignment",
    "tutor:delete_assignment": "test_fuzz_tutoring.py::test_delete_assignment",
    "data_saver": "test_data_saver_switch",
    "wagtailcore_authenticate_with_password": "test_page_password_form",
    "wagtaildocs_authenticate_with_password": "test_document_password_form",
    "wagtailcore_login": "test_read_only_urls (a redirect to accounts:login)",
}
"""Every URL key that changes something on POST, and the test that fuzzes it."""

READ_ONLY = {
    "progress:my_learning": "My learning",
    "progress:attempt": "one quiz attempt",
    "progress:certificate": "a learner's certificate",
    "progress:verify_certificate": "the public certificate check",
    "review:review": "today's review card",
    "tutor:group": "a group's dashboard",
    "tutor:learner": "one learner in the Tutor area",
    "tutor:analysis": "question analysis",
    "tutor:export": "the group's CSV",
    "core:search": "search (its query string: test_fuzz_accounts.py::test_search_query)",
    "lessons:glossary": "glossary (its query string: test_fuzz_accounts.py::test_glossary_query)",
    "offline": "the offline page",
    "wagtaildocs_serve": "a document download",
}
"""URL keys whose views answer POST as they answer GET and change nothing (fuzzed in test_read_only_urls)."""


def accepted_methods(view):
    """The HTTP methods a view answers, lower case, or None when nothing restricts them.

    Class-based views answer the methods they define among `http_method_names`;
    function views are searched (through `__wrapped__`) for the method list that
    Django's `require_http_methods` keeps in its closure.
    """
    if isinstance(view, type):
        methods = {method for method in view.http_method_names if hasattr(view, method)}
        return methods | ({"head"} if "get" in methods and "head" in view.http_method_names else set())
    func = view
    while func is not None:
        for cell in getattr(func, "__closure__", None) or ():
            contents = cell.cell_contents
            is_methods = isinstance(contents, list | tuple) and contents
            if is_methods and all(isinstance(method, str) and method.isupper() for method in contents):
                return {method.lower() for method in contents}
        func = getattr(func, "__wrapped__", None)
    return None


def post_endpoints():
    """{key: route} of every public URL pattern (not /admin/) whose view may answer POST."""
    found = {}
    for pattern in url_patterns():
        if pattern.route.startswith("admin/"):
            continue
        methods = accepted_methods(import_string(pattern.view))
        if methods is None or "post" in methods:
            found[pattern.key] = pattern.route
    return found


def test_every_post_endpoint_is_listed():
    """A new URL that accepts POST must be fuzzed (FUZZED) or shown to change nothing (READ_ONLY)."""
    unlisted = {key: route for key, route in post_endpoints().items() if key not in FUZZED and key not in READ_ONLY}
    assert unlisted == {}, f"URLs that accept POST but are not fuzzed: {unlisted} (see the module docstring)"


def test_the_lists_name_only_urls_that_accept_post():
    """No stale entries: everything listed exists and accepts POST, and nothing is listed twice."""
    endpoints = post_endpoints()
    assert set(FUZZED) & set(READ_ONLY) == set()
    assert sorted(set(FUZZED) - set(endpoints)) == []
    assert sorted(set(READ_ONLY) - set(endpoints)) == []


def test_method_detection_reads_decorators_and_classes():
    """The detector itself: GET-only views are recognised, unrestricted ones are not mistaken for them."""
    assert accepted_methods(import_string("progress.tutoring.views_groups.home")) == {"get", "head"}
    assert accepted_methods(import_string("progress.views.save_checklist")) == {"post"}
    assert accepted_methods(import_string("accounts.views.ExportDataView")) == {"get", "head"}
    assert accepted_methods(import_string("progress.views.my_learning")) is None
    assert "post" in accepted_methods(import_string("accounts.views.SignUpView"))


# The read-only URLs -------------------------------------------------------------------------------


class ReadOnlyWorld(TutorWorld):
    """The Tutor area's world, plus a published lesson page."""

    def urls(self, language):
        group, learner = self.group.pk, self.learner.pk
        return [
            f"/{language}/learning/",
            f"/{language}/learning/attempts/1/",
            f"/{language}/learning/certificates/ABCD/",
            f"/{language}/certificates/ABCD/",
            f"/{language}/learning/review/",
            f"/{language}/tutor/groups/{group}/",
            f"/{language}/tutor/groups/{group}/learners/{learner}/",
            f"/{language}/tutor/groups/{group}/analysis/{self.module.translation_key}/",
            f"/{language}/tutor/groups/{group}/export.csv",
            f"/{language}/search/",
            f"/{language}/glossary/",
            f"/{language}/offline/",
            "/documents/1/file.pdf",
            f"/{language}/_util/login/",
            f"/{language}/",
            f"/{language}/courses/",
            self.module.url.replace("/en/", f"/{language}/", 1),
        ]


@pytest.fixture
def read_only_world(db):
    return ReadOnlyWorld()


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_read_only_urls(read_only_world, data, language):
    world = read_only_world
    address = data.draw(st.sampled_from(world.urls(language)), label="url")
    posted = data.draw(form(q=text(), code=text(), password=text(), name=text()), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(address, posted)
        assert_unchanged(before, row_counts(), f"by a POST to {address}")
        assert response.status_code in (200, 302, 400, 403, 404, 405), response.status_code


# The data-saver switch ----------------------------------------------------------------------------


@FUZZ
@given(data=form(data_saver=field("on", "off"), next=field("/en/", "/ko/courses/", "//evil.example/")))
def test_data_saver_switch(data, db):
    client = Client()
    with example(client):
        before = row_counts()
        response = client.post("/data-saver/", data)
        assert_unchanged(before, row_counts())
        assert response.status_code == 302
        assert not response["Location"].startswith("//") and "evil" not in response["Location"]
        chosen = values_of(data, "data_saver")
        assert len(sent_messages(response)) == 1  # what happened, or what to choose
        if chosen and chosen[-1] in CHOICES:
            assert response.cookies[COOKIE_NAME].value == CHOICES[chosen[-1]]
        else:
            assert COOKIE_NAME not in response.cookies


# Wagtail's page password form ---------------------------------------------------------------------


@pytest.fixture
def restricted_lesson(db):
    lesson = make_lesson(make_module(make_course()))
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="open-sesame-42"
    )
    return lesson, restriction


@FUZZ
@given(data=form(password=field("open-sesame-42"), return_url=field("/en/", "//evil.example/")), language=LANGUAGES)
def test_page_password_form(restricted_lesson, data, language):
    lesson, restriction = restricted_lesson
    client = Client()
    with example(client):
        before = row_counts()
        response = client.post(f"/{language}/_util/authenticate_with_password/{restriction.pk}/{lesson.pk}/", data)
        assert_unchanged(before, row_counts())
        if response.status_code == 302:
            assert not response["Location"].startswith("//") and "evil" not in response["Location"]
        else:
            assert response.status_code == 200 and response["Content-Language"] == language
            assert_refused_with_form_errors(response, language)


@pytest.fixture
def restricted_collection(db):
    root = Collection.get_first_root_node()
    return CollectionViewRestriction.objects.create(
        collection=root, restriction_type=CollectionViewRestriction.PASSWORD, password="open-sesame-42"
    )


@FUZZ
@given(data=form(password=field("open-sesame-42"), return_url=field("/documents/1/a.pdf", "//evil.example/")))
def test_document_password_form(restricted_collection, data):
    client = Client()
    with example(client):
        before = row_counts()
        response = client.post(f"/documents/authenticate_with_password/{restricted_collection.pk}/", data)
        assert_unchanged(before, row_counts())
        if response.status_code == 302:
            assert not response["Location"].startswith("//") and "evil" not in response["Location"]
        else:
            assert response.status_code == 200
            assert values_of(data, "password")[-1:] != ["open-sesame-42"] or not values_of(data, "return_url")


# Regression: fuzzing found that Wagtail's password forms took a return_url such as "0" for a view name (500).
@pytest.mark.parametrize("return_url", ["0", "home", "//evil.example/", "/\\evil.example/"])
def test_password_forms_return_home_when_return_url_is_not_a_path(restricted_lesson, restricted_collection, return_url):
    lesson, restriction = restricted_lesson
    data = {"password": "open-sesame-42", "return_url": return_url}
    page_form = f"/en/_util/authenticate_with_password/{restriction.pk}/{lesson.pk}/"
    document_form = f"/documents/authenticate_with_password/{restricted_collection.pk}/"
    for address in (page_form, document_form):
        response = Client().post(address, data)
        assert response.status_code == 302 and response["Location"] == "/", address


# The harness can fail -----------------------------------------------------------------------------


def test_nul_detection_finds_a_stored_nul(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL cannot store NUL at all")
    user = get_user_model().objects.create(username="plain")
    assert_no_nul_stored()
    get_user_model().objects.filter(pk=user.pk).update(display_name="a\x00b")
    with pytest.raises(AssertionError, match="accounts.User"):
        assert_no_nul_stored()


def test_row_counts_see_a_new_row_and_the_rollback_undoes_it(db):
    client = Client()
    before = row_counts()
    with example(client):
        get_user_model().objects.create(username="temporary")
        with pytest.raises(AssertionError):
            assert_unchanged(before, row_counts())
    assert row_counts() == before


def test_an_english_message_with_a_korean_translation_fails_under_korean():
    with pytest.raises(AssertionError):
        assert_message_in_language("This field is required.", "ko")
    assert_message_in_language("이 필드는 필수 항목입니다.", "ko")


def test_korean_errors_are_shown_in_korean(db):
    """One refused sign-up under /ko/: Django's own message comes out in Korean."""
    response = Client().post("/ko/accounts/signup/", {"username": "", "password1": "x", "password2": "y"})
    assert_refused_with_form_errors(response, "ko")
    assert "필수" in response.content.decode()
