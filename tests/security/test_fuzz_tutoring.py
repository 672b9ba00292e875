"""Fuzzed posts to the Tutor area: groups, learner accounts and assignments.

Each test sends 200 hypothesis examples under /en/ and /ko/, with ids in the
URL drawn from the tutor's own objects, another tutor's and numbers that
exist nowhere (another tutor's or a missing object is a 404 that changes
nothing). Refused form posts come back with their errors in the page's
language and change no row; accepted ones change exactly the rows they should.
The list of endpoints lives in test_fuzz_forms.py.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from progress.models import Assignment, LearnerGroup
from tests.factories import UserFactory
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

from .fuzz_harness import (
    FUZZ,
    assert_changed,
    assert_no_nul_stored,
    assert_redirect_with_message,
    assert_refused_with_form_errors,
    assert_unchanged,
    example,
    row_counts,
)
from .strategies import LANGUAGES, field, form, text, values_of

pytestmark = pytest.mark.django_db

User = get_user_model()
MISSING_ID = 2**31 - 1


class World:
    """A tutor with one group of two learners and a group assignment; another tutor with a group of their own."""

    def __init__(self):
        course = make_course("Money and banking")
        self.module = make_module(course, "Bank accounts")
        self.other_module = make_module(course, "Paying bills")
        make_lesson(self.module, quiz=SAMPLE_QUIZ)
        make_lesson(self.other_module, quiz=[])
        self.tutor = UserFactory(username="tutor", groups=["Tutors"])
        self.learner = UserFactory(username="sun", groups=["Learners"])
        self.classmate = UserFactory(username="moon", groups=["Learners"])
        self.loner = UserFactory(username="loner", groups=["Learners"])
        self.group = LearnerGroup.objects.create(name="Tuesday group")
        self.group.tutors.add(self.tutor)
        self.group.learners.add(self.learner, self.classmate)
        self.assignment = Assignment.objects.create(
            group=self.group,
            module_key=self.module.translation_key,
            module_title=self.module.title,
            assigned_by=self.tutor,
        )
        other_tutor = UserFactory(groups=["Tutors"])
        self.foreign_group = LearnerGroup.objects.create(name="Someone else's")
        self.foreign_group.tutors.add(other_tutor)
        self.foreign_group.learners.add(self.loner)
        self.foreign_assignment = Assignment.objects.create(
            group=self.foreign_group,
            module_key=self.module.translation_key,
            module_title=self.module.title,
            assigned_by=other_tutor,
        )
        self.client = Client()
        self.client.force_login(self.tutor)

    def group_ids(self):
        return st.sampled_from([self.group.pk, self.group.pk, self.foreign_group.pk, MISSING_ID, 10**30])

    def learner_ids(self):
        return st.sampled_from([self.learner.pk, self.learner.pk, self.loner.pk, self.tutor.pk, MISSING_ID])

    def assignment_ids(self):
        ids = [self.assignment.pk, self.assignment.pk, self.foreign_assignment.pk, MISSING_ID]
        return st.sampled_from(ids)


@pytest.fixture
def world(db):
    return World()


def once(data, name):
    values = values_of(data, name)
    return values[0] if len(values) == 1 else None


def refused_as_not_found(response, before, after, language):
    assert response.status_code == 404 and response["Content-Language"] == language
    assert_unchanged(before, after)


GROUP_NAMES = ("Tuesday evening", "화요일 저녁반", "Family 😀", "x" * 80)


@FUZZ
@given(data=form(name=field(*GROUP_NAMES)), language=LANGUAGES)
def test_create_group(world, data, language):
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/new/", data)
        after = row_counts()
        if response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {"progress.LearnerGroup": 1, "progress.LearnerGroup_tutors": 1})
            group = LearnerGroup.objects.latest("pk")
            assert group.name == values_of(data, "name")[-1].strip()
            assert list(group.tutors.all()) == [world.tutor]
            assert_no_nul_stored()
        else:
            assert once(data, "name") not in GROUP_NAMES, "a good group name was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_rename_group(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    posted = data.draw(form(name=field(*GROUP_NAMES)), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/rename/", posted)
        after = row_counts()
        name = LearnerGroup.objects.get(pk=world.group.pk).name
        if group_id != world.group.pk:
            refused_as_not_found(response, before, after, language)
            assert LearnerGroup.objects.get(pk=world.foreign_group.pk).name == "Someone else's"
        elif response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert_unchanged(before, after)
            assert name == values_of(posted, "name")[-1].strip()
            assert_no_nul_stored()
        else:
            assert once(posted, "name") not in GROUP_NAMES, "a good group name was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)
            assert name == "Tuesday group"


USERNAMES = ("newlearner", "새학습자", "a.b+c-d_e@f")


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_create_learner(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    posted = data.draw(
        form(username=field(*USERNAMES, "Sun", "x" * 151), display_name=field("", "Sun", "순이 😀")),
        label="posted",
    )
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/learners/new/", posted)
        after = row_counts()
        if group_id != world.group.pk:
            refused_as_not_found(response, before, after, language)
        elif "password" in (response.context or {}):
            assert response.status_code == 200 and response["Cache-Control"].count("no-store") == 1
            exact = {"accounts.User": 1, "accounts.User_groups": 1, "progress.LearnerGroup_learners": 1}
            assert_changed(before, after, exact)
            learner = User.objects.latest("pk")
            assert learner.must_change_password and learner.groups.get().name == "Learners"
            assert world.group.learners.filter(pk=learner.pk).exists()
            assert_no_nul_stored()
        else:
            good = once(posted, "username") in USERNAMES and values_of(posted, "display_name") in (
                [],
                [""],
                ["Sun"],
                ["순이 😀"],
            )
            assert not good, "a good new learner was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_add_existing_learner(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    posted = data.draw(form(username=field("loner", "LONER", "sun", "tutor", "nobody")), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/learners/add/", posted)
        after = row_counts()
        if group_id != world.group.pk:
            refused_as_not_found(response, before, after, language)
        elif response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {"progress.LearnerGroup_learners": 1})
            assert world.group.learners.filter(pk=world.loner.pk).exists()
            assert values_of(posted, "username")[-1].strip().casefold() == "loner"
        else:
            assert once(posted, "username") not in ("loner", "LONER"), "adding a learner was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_reset_password(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    learner_id = data.draw(world.learner_ids(), label="learner_id")
    posted = data.draw(form(password=text(), learner=text()), label="posted")  # nothing is read from the body
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/learners/{learner_id}/password/", posted)
        after = row_counts()
        assert_unchanged(before, after)
        changed = User.objects.get(pk=world.learner.pk).password != world.learner.password
        if (group_id, learner_id) == (world.group.pk, world.learner.pk):
            assert response.status_code == 200 and "password" in response.context
            assert changed and User.objects.get(pk=world.learner.pk).must_change_password
        else:
            refused_as_not_found(response, before, after, language)
            assert not changed
            assert User.objects.get(pk=world.loner.pk).password == world.loner.password


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_remove_learner(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    learner_id = data.draw(world.learner_ids(), label="learner_id")
    posted = data.draw(form(learner=text()), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/learners/{learner_id}/remove/", posted)
        after = row_counts()
        if (group_id, learner_id) == (world.group.pk, world.learner.pk):
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {"progress.LearnerGroup_learners": -1})
            assert User.objects.filter(pk=world.learner.pk).exists()
        else:
            refused_as_not_found(response, before, after, language)


def assignment_fields(world, today):
    learners = ["", str(world.learner.pk), str(world.classmate.pk), str(world.loner.pk)]
    dates = [(today + timedelta(days=7)).isoformat(), (today - timedelta(days=1)).isoformat(), "2999-01-01"]
    return {
        "learner": field(*learners),
        "due_date": field("", *dates, "0001-01-01", "2025-02-30", "7/3/2025"),
        "note": field("", "Start with lesson 1", "먼저 1과부터", "x" * 300),
    }


def plainly_good_assignment_fields(world, posted, today):
    """The learner, due date and note are sensible (each sent at most once)."""
    good_learners = ("", str(world.learner.pk), str(world.classmate.pk))
    good_dates = ("", (today + timedelta(days=7)).isoformat())
    good_notes = ("", "Start with lesson 1", "먼저 1과부터", "x" * 300)
    return all(
        len(values_of(posted, name)) <= 1 and (once(posted, name) or "") in good
        for name, good in (("learner", good_learners), ("due_date", good_dates), ("note", good_notes))
    )


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_assign_module(world, data, language):
    today = timezone.localdate()
    group_id = data.draw(world.group_ids(), label="group_id")
    modules = [str(world.other_module.translation_key), str(world.module.translation_key), str(world.group.pk)]
    posted = data.draw(form(module=field(*modules), **assignment_fields(world, today)), label="posted")
    query = data.draw(st.one_of(st.just(""), text()), label="q")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/assign/?{_query(query)}", posted)
        after = row_counts()
        if group_id != world.group.pk:
            refused_as_not_found(response, before, after, language)
        elif response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {"progress.Assignment": 1})
            assignment = Assignment.objects.latest("pk")
            assert assignment.group == world.group and assignment.assigned_by == world.tutor
            assert_no_nul_stored()
        else:
            good = once(posted, "module") == modules[0] and plainly_good_assignment_fields(world, posted, today)
            assert not good, "a good assignment was refused"
            assert_refused_with_form_errors(response, language)
            assert_unchanged(before, after)


def _query(text_):
    from urllib.parse import urlencode

    return urlencode({"q": text_}) if text_ else ""


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_edit_assignment(world, data, language):
    today = timezone.localdate()
    group_id = data.draw(world.group_ids(), label="group_id")
    assignment_id = data.draw(world.assignment_ids(), label="assignment_id")
    posted = data.draw(form(**assignment_fields(world, today)), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/assignments/{assignment_id}/", posted)
        after = row_counts()
        assert_unchanged(before, after)  # changing an assignment never adds or removes a row
        stored = Assignment.objects.get(pk=world.assignment.pk)
        if (group_id, assignment_id) != (world.group.pk, world.assignment.pk):
            refused_as_not_found(response, before, after, language)
            assert Assignment.objects.get(pk=world.foreign_assignment.pk).note == ""
        elif response.status_code == 302:
            assert_redirect_with_message(response, language)
            assert stored.note == (values_of(posted, "note") or [""])[-1].strip()
            assert_no_nul_stored()
        else:
            assert not plainly_good_assignment_fields(world, posted, today), "a good change was refused"
            assert_refused_with_form_errors(response, language)
            assert (stored.learner_id, stored.due_date, stored.note) == (None, None, "")


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_delete_assignment(world, data, language):
    group_id = data.draw(world.group_ids(), label="group_id")
    assignment_id = data.draw(world.assignment_ids(), label="assignment_id")
    posted = data.draw(form(assignment=text()), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(f"/{language}/tutor/groups/{group_id}/assignments/{assignment_id}/delete/", posted)
        after = row_counts()
        if (group_id, assignment_id) == (world.group.pk, world.assignment.pk):
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {"progress.Assignment": -1})
        else:
            refused_as_not_found(response, before, after, language)
