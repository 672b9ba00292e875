"""Assigning modules: the picker and search, bad input, duplicates, changing and removing, who may, and My learning."""

import uuid
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from lessons.models import ModulePage
from progress import services
from progress.models import Assignment, LearnerGroup
from progress.tutoring import assignments
from tests.factories import UserFactory
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 3)


@pytest.fixture
def tree():
    """Two courses: Money (Bank accounts: 2 lessons; Paying bills: 1 lesson) and Jobs (Job interviews: 1 lesson)."""
    money = make_course("Money and banking")
    accounts = make_module(money, "Bank accounts")
    bills = make_module(money, "Paying bills")
    jobs = make_course("Jobs and work", topic="jobs")
    interviews = make_module(jobs, "Job interviews")
    return {
        "accounts": accounts,
        "bills": bills,
        "interviews": interviews,
        "accounts_lessons": [make_lesson(accounts, quiz=SAMPLE_QUIZ), make_lesson(accounts, quiz=SAMPLE_QUIZ)],
        "bills_lesson": make_lesson(bills, quiz=SAMPLE_QUIZ),
        "interviews_lesson": make_lesson(interviews, quiz=[]),
    }


@pytest.fixture
def group(tutor, learner):
    group = LearnerGroup.objects.create(name="Tuesday evening group")
    group.tutors.add(tutor)
    group.learners.add(learner)
    return group


@pytest.fixture
def tutor_client(client, tutor):
    client.force_login(tutor)
    return client


def translate_module(module, title):
    """Publish a Korean translation of a module (and of its course where missing), titled `title`."""
    translated = module.copy_for_translation(korean(), copy_parents=True)
    for ancestor in translated.get_ancestors().filter(locale=korean(), live=False).specific():
        ancestor.save_revision().publish()
    translated = ModulePage.objects.get(pk=translated.pk)
    translated.title = title
    translated.save_revision().publish()
    return translated


def assign_url(group, q=None):
    url = reverse("tutor:assign", args=[group.pk])
    return f"{url}?q={q}" if q is not None else url


def post_assign(client, group, module, **fields):
    data = {"module": str(getattr(module, "translation_key", module)), "learner": "", "due_date": "", "note": ""}
    data.update(fields)
    return client.post(assign_url(group), data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The picker ----------------------------------------------------------------------------------------


def test_the_picker_lists_published_modules_by_course_with_lesson_counts(tutor_client, group, tree):
    hidden = make_module(tree["accounts"].get_parent().specific, "Unpublished module")
    make_lesson(hidden)
    hidden.unpublish()
    make_module(tree["accounts"].get_parent().specific, "Module without lessons")
    response = tutor_client.get(assign_url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Money and banking" in html and "Jobs and work" in html
    assert "Bank accounts" in html and "2 lessons" in html and "1 lesson" in html
    assert html.count('type="radio"') == 3
    assert f'value="{tree["accounts"].translation_key}"' in html
    assert "Unpublished module" not in html and "Module without lessons" not in html
    assert 'type="date"' in html


def test_search_by_module_or_course_title(rf, tree):
    request = rf.get("/")
    by_module = assignments.assignable_modules("INTERVIEW", request)
    assert [(c.title, [m.title for m in c.modules]) for c in by_module] == [("Jobs and work", ["Job interviews"])]
    by_course = assignments.assignable_modules("money", request)
    assert [m.title for c in by_course for m in c.modules] == ["Bank accounts", "Paying bills"]
    assert assignments.assignable_modules("nothing like this\x00", request) == []


def test_a_search_with_no_match_says_so(tutor_client, group, tree):
    response = tutor_client.get(assign_url(group, q="zebra"))
    assert response.status_code == 200
    assert "No module matches" in response.content.decode()
    assert 'type="radio"' not in response.content.decode()


# Assigning -------------------------------------------------------------------------------------------


def test_assign_to_the_whole_group(tutor_client, tutor, group, tree):
    due = timezone.localdate() + timedelta(days=10)
    response = post_assign(tutor_client, group, tree["accounts"], due_date=due.isoformat(), note="Start with lesson 1.")
    assert response.status_code == 302
    assert response["Location"] == reverse("tutor:group", args=[group.pk])
    assignment = Assignment.objects.get()
    assert assignment.group == group and assignment.learner is None
    assert assignment.module_key == tree["accounts"].translation_key
    assert assignment.module_title == "Bank accounts"
    assert assignment.due_date == due and assignment.note == "Start with lesson 1."
    assert assignment.assigned_by == tutor
    assert any("is assigned" in message for message in messages_of(response))


def test_assign_to_one_learner_of_the_group(tutor_client, group, learner, tree):
    other = UserFactory(groups=["Learners"], display_name="Hana")
    group.learners.add(other)
    page = tutor_client.get(assign_url(group)).content.decode()
    assert "Hana (" in page and "The whole group" in page
    response = post_assign(tutor_client, group, tree["bills"], learner=str(other.pk))
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.learner == other and assignment.due_date is None


def test_assigning_a_korean_page_stores_the_english_source_key_and_title(tutor, group, tree):
    korean_module = translate_module(tree["interviews"], "면접")
    assignment, created = assignments.assign_module(group, korean_module, tutor)
    assert created and assignment.module_key == tree["interviews"].translation_key
    assert assignment.module_title == "Job interviews"


def test_the_korean_picker_shows_and_finds_korean_titles(rf, tree):
    translate_module(tree["interviews"], "면접")
    with translation.override("ko"):
        found = assignments.assignable_modules("면접", rf.get("/"))
        assert [m.title for c in found for m in c.modules] == ["면접"]
        assert not found[0].modules[0].is_fallback
        english_search = assignments.assignable_modules("interviews", rf.get("/"))
        assert [m.title for c in english_search for m in c.modules] == ["면접"]


def test_the_same_module_twice_gets_a_message_and_no_second_row(tutor_client, group, learner, tree):
    assert post_assign(tutor_client, group, tree["accounts"]).status_code == 302
    again = post_assign(tutor_client, group, tree["accounts"])
    assert again.status_code == 200
    assert "already assigned to the whole group" in again.content.decode()
    assert 'role="alert"' in again.content.decode()
    # A learner of the group already has it through the group.
    for_one = post_assign(tutor_client, group, tree["accounts"], learner=str(learner.pk))
    assert for_one.status_code == 200
    assert "already has this module" in for_one.content.decode()
    assert Assignment.objects.count() == 1


def test_assign_module_returns_the_existing_assignment(tutor, group, learner, tree):
    first, created = assignments.assign_module(group, tree["bills"], tutor, learner=learner)
    again, created_again = assignments.assign_module(group, tree["bills"], tutor, learner=learner)
    assert created and not created_again and again == first
    outsider = UserFactory(groups=["Learners"])
    with pytest.raises(ValueError):
        assignments.assign_module(group, tree["bills"], tutor, learner=outsider)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"due_date": "not a date"}, "year-month-day"),
        ({"due_date": "2025-02-30"}, "year-month-day"),
        ({"due_date": "1999-01-01"}, "cannot be in the past"),
        ({"due_date": "2999-01-01"}, "within the next two years"),
        ({"note": "x" * 10_000}, "at most 300 characters"),
        ({"note": "hello\x00there"}, "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_clear_message_and_no_row(tutor_client, group, tree, fields, message):
    response = post_assign(tutor_client, group, tree["accounts"], **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert not Assignment.objects.exists()


def test_a_learner_of_another_group_is_refused(tutor_client, group, tree):
    outsider = UserFactory(groups=["Learners"])
    LearnerGroup.objects.create(name="Other").learners.add(outsider)
    refused = "Choose the whole group or one of its learners."
    for value, message in [
        (str(outsider.pk), refused),
        ("999999", refused),
        ("abc", refused),
        ("1\x00", "Null characters are not allowed"),
    ]:
        response = post_assign(tutor_client, group, tree["accounts"], learner=value)
        assert response.status_code == 200
        assert message in response.content.decode(), value
    assert not Assignment.objects.exists()


def test_a_key_that_is_not_a_published_module_is_refused(tutor_client, group, tree):
    unpublished = make_module(tree["accounts"].get_parent().specific, "Draft module")
    unpublished.unpublish()
    keys = [
        str(uuid.uuid4()),
        "not-a-key",
        str(tree["bills_lesson"].translation_key),  # a lesson, not a module
        str(unpublished.translation_key),
        str(tree["accounts"].get_parent().translation_key),  # a course
    ]
    for key in keys:
        response = post_assign(tutor_client, group, key)
        assert response.status_code == 200
        assert "Choose one of the published modules in the list." in response.content.decode(), key
    for key in ("", "\x00"):
        response = post_assign(tutor_client, group, key)
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_an_empty_post_changes_nothing_and_says_what_is_missing(tutor_client, group, tree):
    response = tutor_client.post(assign_url(group), {})
    assert response.status_code == 200
    assert "Choose a module to assign." in response.content.decode()
    assert not Assignment.objects.exists()


# Changing and removing -------------------------------------------------------------------------------


@pytest.fixture
def assignment(tutor, group, tree):
    return assignments.assign_module(group, tree["accounts"], tutor, due_date=timezone.localdate())[0]


def edit_url(assignment):
    return reverse("tutor:edit_assignment", args=[assignment.group_id, assignment.pk])


def delete_url(assignment):
    return reverse("tutor:delete_assignment", args=[assignment.group_id, assignment.pk])


def test_edit_shows_the_current_values(tutor_client, assignment):
    response = tutor_client.get(edit_url(assignment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bank accounts" in html and f'value="{assignment.due_date.isoformat()}"' in html
    assert f'href="{assignment_module_url(assignment)}">Bank accounts</a>' in html
    assert "Assigned to the whole group." in html


def assignment_module_url(assignment):
    return ModulePage.objects.get(translation_key=assignment.module_key, locale__language_code="en").url


def test_edit_of_an_unpublished_module_still_works(tutor_client, assignment, tree):
    tree["accounts"].unpublish()
    html = tutor_client.get(edit_url(assignment)).content.decode()
    assert "Bank accounts" in html and "no longer published" in html


def test_edit_changes_due_date_note_and_target(tutor_client, assignment, learner):
    due = timezone.localdate() + timedelta(days=20)
    response = tutor_client.post(
        edit_url(assignment), {"learner": str(learner.pk), "due_date": due.isoformat(), "note": "Take your time."}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.learner, assignment.due_date, assignment.note) == (learner, due, "Take your time.")


def test_edit_keeps_a_due_date_that_has_passed(tutor_client, assignment):
    Assignment.objects.filter(pk=assignment.pk).update(due_date=date(2024, 1, 5))
    response = tutor_client.post(edit_url(assignment), {"learner": "", "due_date": "2024-01-05", "note": "Late is ok"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.note == "Late is ok"


def test_edit_refuses_bad_input_and_a_clash(tutor_client, tutor, group, learner, assignment, tree):
    before = Assignment.objects.values().get(pk=assignment.pk)
    for data in (
        {"learner": "", "due_date": "soon", "note": ""},
        {"learner": "", "due_date": "", "note": "x" * 10_000},
        {"learner": "", "due_date": "", "note": "\x00"},
        {"learner": str(UserFactory().pk), "due_date": "", "note": ""},
    ):
        response = tutor_client.post(edit_url(assignment), data)
        assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    # Moving a learner's own assignment to the whole group, which already has that module.
    own = assignments.assign_module(group, tree["bills"], tutor, learner=learner)[0]
    assignments.assign_module(group, tree["bills"], tutor)
    response = tutor_client.post(edit_url(own), {"learner": "", "due_date": "", "note": ""})
    assert response.status_code == 200 and "already assigned to the whole group" in response.content.decode()
    assert Assignment.objects.values().get(pk=assignment.pk) == before


def test_delete_removes_the_assignment_and_keeps_progress(tutor_client, learner, assignment, tree):
    services.record_quiz_result(learner, tree["accounts_lessons"][0], graded(tree["accounts_lessons"][0]))
    assert tutor_client.get(delete_url(assignment)).status_code == 405
    assert Assignment.objects.exists()
    response = tutor_client.post(delete_url(assignment))
    assert response.status_code == 302 and response["Location"] == reverse("tutor:group", args=[assignment.group_id])
    assert not Assignment.objects.exists()
    assert learner.lesson_progress.filter(completed_at__isnull=False).count() == 1


# Who may ---------------------------------------------------------------------------------------------


def test_another_tutor_gets_404_for_the_group_and_the_assignment(client, group, assignment, tree):
    other_tutor = UserFactory(groups=["Tutors"])
    other_group = LearnerGroup.objects.create(name="Other")
    other_group.tutors.add(other_tutor)
    client.force_login(other_tutor)
    for url in (assign_url(group), edit_url(assignment), delete_url(assignment)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"module": str(tree["bills"].translation_key)}).status_code == 404
    # Their own group's id with this group's assignment id is a 404 too.
    crossed = reverse("tutor:edit_assignment", args=[other_group.pk, assignment.pk])
    assert client.get(crossed).status_code == 404
    assert client.post(reverse("tutor:delete_assignment", args=[other_group.pk, assignment.pk])).status_code == 404
    assert Assignment.objects.count() == 1


def test_learners_get_403_and_visitors_are_sent_to_sign_in(client, learner, group, assignment, tree):
    urls = (assign_url(group), edit_url(assignment), delete_url(assignment))
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(learner)
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"module": str(tree["bills"].translation_key)}).status_code == 403
    assert Assignment.objects.count() == 1


# What a learner sees -------------------------------------------------------------------------------


def make_assignment(group, module, learner=None, due_date=None, note=""):
    return Assignment.objects.create(
        group=group,
        learner=learner,
        module_key=module.translation_key,
        module_title=module.title,
        due_date=due_date,
        note=note,
    )


def test_due_states_relative_to_today():
    state = assignments.due_state
    assert state(None, False, MONDAY) == "none"
    assert state(MONDAY - timedelta(days=1), False, MONDAY) == "overdue"
    assert state(MONDAY, False, MONDAY) == "today"
    assert state(MONDAY + timedelta(days=1), False, MONDAY) == "soon"
    assert state(MONDAY + timedelta(days=6), False, MONDAY) == "soon"
    assert state(MONDAY + timedelta(days=7), False, MONDAY) == "later"
    assert state(MONDAY - timedelta(days=9), True, MONDAY) == "done"


def test_learner_sees_due_words_progress_and_done_last(rf, group, learner, tree):
    make_assignment(group, tree["accounts"], due_date=date(2025, 3, 7), note="Read before Tuesday.")
    make_assignment(group, tree["bills"], due_date=date(2025, 2, 28))
    make_assignment(group, tree["interviews"], due_date=date(2025, 3, 1))
    services.record_quiz_result(learner, tree["accounts_lessons"][0], graded(tree["accounts_lessons"][0]))
    services.mark_lesson_done(learner, tree["interviews_lesson"])
    entries = assignments.assignments_for_learner(learner, MONDAY, rf.get("/"))
    assert [(e.title, e.state) for e in entries] == [
        ("Paying bills", "overdue"),
        ("Bank accounts", "soon"),
        ("Job interviews", "done"),
    ]
    assert (entries[1].completion.done, entries[1].completion.total, entries[1].completion.percent) == (1, 2, 50)
    html = render_to_string("progress/includes/assignments.html", {"assignments": entries})
    assert "Due Friday" in html
    assert "Overdue since Feb. 28, 2025" in html and "⚠" in html
    assert "1 of 2 lessons done (50%)" in html
    assert "Read before Tuesday." in html
    assert html.index("Paying bills") < html.index("Bank accounts") < html.index("Job interviews")
    assert html.count("✓") == 1  # the done one says so
    assert entries[1].module.url == tree["accounts"].url


def test_due_today_and_a_date_further_ahead(group, learner, tree):
    make_assignment(group, tree["accounts"], due_date=MONDAY)
    make_assignment(group, tree["bills"], due_date=date(2025, 4, 15))
    entries = assignments.assignments_for_learner(learner, MONDAY)
    html = render_to_string("progress/includes/assignments.html", {"assignments": entries})
    assert "Due today" in html and "Due April 15, 2025" in html


def test_learners_see_only_what_reaches_them(group, learner, tree):
    classmate = UserFactory(groups=["Learners"])
    group.learners.add(classmate)
    make_assignment(group, tree["bills"], learner=classmate)
    make_assignment(group, tree["interviews"], learner=learner)
    other_group = LearnerGroup.objects.create(name="Other")
    make_assignment(other_group, tree["accounts"])
    assert [e.title for e in assignments.assignments_for_learner(learner, MONDAY)] == ["Job interviews"]
    assert [e.title for e in assignments.assignments_for_learner(classmate, MONDAY)] == ["Paying bills"]
    group.learners.remove(learner)
    assert assignments.assignments_for_learner(learner, MONDAY) == []


def test_a_module_twice_shows_once_with_the_earlier_due_date(group, learner, tree):
    make_assignment(group, tree["accounts"], due_date=date(2025, 3, 20))
    second = LearnerGroup.objects.create(name="Weekend group")
    second.learners.add(learner)
    make_assignment(second, tree["accounts"], due_date=date(2025, 3, 10))
    entries = assignments.assignments_for_learner(learner, MONDAY)
    assert [(e.title, e.due_date) for e in entries] == [("Bank accounts", date(2025, 3, 10))]


def test_an_unpublished_module_keeps_its_title_without_a_link(group, learner, tree):
    make_assignment(group, tree["bills"])
    tree["bills"].unpublish()
    entries = assignments.assignments_for_learner(learner, MONDAY)
    assert [(e.title, e.module) for e in entries] == [("Paying bills", None)]
    html = render_to_string("progress/includes/assignments.html", {"assignments": entries})
    assert "not available" in html and "<a " not in html


def test_my_learning_page_shows_the_assignments(client, group, learner, tree):
    today = timezone.localdate()
    soon = today + timedelta(days=3)
    make_assignment(group, tree["accounts"], due_date=soon, note="Lesson 1 first, please.")
    make_assignment(group, tree["bills"], due_date=today - timedelta(days=2))
    services.record_quiz_result(learner, tree["accounts_lessons"][1], graded(tree["accounts_lessons"][1]))
    client.force_login(learner)
    html = client.get(reverse("progress:my_learning")).content.decode()
    assert f"Due {dateformat.format(soon, 'l')}" in html
    assert "Overdue since" in html
    assert "Lesson 1 first, please." in html
    assert "1 of 2 lessons done (50%)" in html
    assert tree["accounts"].url in html


def test_my_learning_without_assignments_keeps_the_empty_state(client, learner):
    client.force_login(learner)
    html = client.get(reverse("progress:my_learning")).content.decode()
    assert "When a tutor gives you a module to study" in html


def test_my_learning_in_korean_shows_korean_titles_and_addresses(client, group, learner, tree):
    korean_module = translate_module(tree["interviews"], "면접")
    make_assignment(group, tree["interviews"])
    make_assignment(group, tree["accounts"])
    client.force_login(learner)
    html = client.get(reverse("progress:my_learning").replace("/en/", "/ko/", 1)).content.decode()
    assert f'href="{korean_module.url}">면접</a>' in html
    # Not yet translated: the English title, marked as English, at a /ko/ address.
    assert f'href="{tree["accounts"].url.replace("/en/", "/ko/", 1)}" lang="en">Bank accounts</a>' in html


def test_my_learning_assignments_take_a_fixed_number_of_queries(client, tutor, group, learner):
    client.force_login(learner)
    url = reverse("progress:my_learning")

    def add_modules(count):
        course = make_course()
        for _ in range(count):
            module = make_module(course)
            lesson = make_lesson(module, quiz=[])
            services.mark_lesson_done(learner, lesson)
            make_lesson(module, quiz=[])
            assignments.assign_module(group, module, tutor, due_date=MONDAY)

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_modules(1)
    with_one = count()
    add_modules(9)
    assert count() == with_one
