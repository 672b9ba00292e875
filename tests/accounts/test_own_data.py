"""Own data: account settings, downloading everything stored, deleting the account for good."""

import contextlib
import json
import re
import uuid
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from accounts.data import delete_user, export_user_data, learner_models
from lessons.quiz import grade_submission
from progress.models import Certificate, ChecklistTick, LearningDay, LessonProgress, QuizAttempt
from progress.services import mark_lesson_done, record_lesson_opened, record_quiz_result, save_checklist_ticks
from tests.factories import PASSWORD, UserFactory
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

User = get_user_model()
CHECKLIST = ("checklist", {"title": "Before you go", "items": ["Photo ID", "Proof of address", "Pen"]})
PROGRESS_MODELS = [LessonProgress, QuizAttempt, LearningDay, Certificate, ChecklistTick]
URLS = ["/en/accounts/", "/en/accounts/my-data/", "/en/accounts/delete/"]


@pytest.fixture
def lessons():
    """A course of two lessons: one with a quiz, one with a checklist."""
    module = make_module(make_course())
    quiz = make_lesson(module, quiz=SAMPLE_QUIZ, pass_mark=70)
    checklist = make_lesson(module, body=[("paragraph", "<p>Text</p>"), CHECKLIST])
    return quiz, checklist


def answers(lesson, right=True):
    first, second, third = (f"q-{block.id}" for block in lesson.quiz)
    data = {first: ["0"], second: ["false"], third: ["deposit" if right else "rent"]}
    return grade_submission(lesson.quiz, MultiValueDict(data), lesson.pass_mark).result


def fill_history(user, lessons):
    """Lesson opens, a failed and a passed attempt, checklist ticks, and (so) a certificate."""
    quiz, checklist = lessons
    record_lesson_opened(user, quiz)
    record_lesson_opened(user, checklist)
    tokens = [uuid.uuid4(), uuid.uuid4()]
    record_quiz_result(user, quiz, answers(quiz, right=False), tokens[0])
    record_quiz_result(user, quiz, answers(quiz), tokens[1])
    assert save_checklist_ticks(user, checklist, checklist.body[1].id, {0, 2})
    assert mark_lesson_done(user, checklist)  # the course is complete: a certificate
    assert Certificate.objects.filter(learner=user).exists()
    return tokens


def rows_of(user):
    return {model: model._base_manager.filter(learner_id=user.pk).count() for model in learner_models()}


def download(client, user):
    client.force_login(user)
    response = client.get("/en/accounts/my-data/")
    assert response.status_code == 200
    return response


# The registry ----------------------------------------------------------------------------------


def test_every_model_with_a_learner_field_is_in_the_registry():
    assert set(PROGRESS_MODELS) <= set(learner_models())
    for model in learner_models():
        assert model._meta.get_field("learner").related_model is User


# Download --------------------------------------------------------------------------------------


def test_download_is_an_uncached_json_attachment(client, learner):
    response = download(client, learner)
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="enok-learn-my-data.json"'
    assert "no-store" in response["Cache-Control"]
    client.force_login(learner)
    assert client.post("/en/accounts/my-data/").status_code == 405


def test_download_holds_the_account_and_every_row_of_the_learner(client, learner, lessons):
    learner.display_name = "Min 민"
    learner.language = "ko"
    learner.save()
    tokens = fill_history(learner, lessons)
    response = download(client, learner)
    exported = json.loads(response.content)

    account = exported["account"]
    assert account["username"] == learner.username
    assert account["display_name"] == "Min 민"
    assert account["language"] == "ko"
    assert account["groups"] == ["Learners"]
    learner.refresh_from_db()
    assert account["date_joined"] == learner.date_joined.isoformat()
    assert account["last_login"] == learner.last_login.isoformat()
    assert "password" not in account and "id" not in account

    data = exported["data"]
    for model, count in rows_of(learner).items():
        assert len(data[model._meta.label_lower]) == count
    assert len(data["progress.quizattempt"]) == 2
    assert len(data["progress.lessonprogress"]) == 2
    assert len(data["progress.checklisttick"]) == 2
    assert len(data["progress.certificate"]) == 1
    assert len(data["progress.learningday"]) >= 1

    attempts = data["progress.quizattempt"]
    assert {attempt["token"] for attempt in attempts} == {str(token) for token in tokens}
    passed = next(attempt for attempt in attempts if attempt["passed"])
    stored = QuizAttempt.objects.get(learner=learner, passed=True)
    assert passed["answers"] == stored.answers  # JSON as it is
    assert passed["answers_text"] == stored.answers_text
    assert passed["submitted_at"] == stored.submitted_at.isoformat()
    assert passed["lesson_key"] == str(lessons[0].translation_key)
    assert data["progress.certificate"][0]["code"] == Certificate.objects.get(learner=learner).code
    for rows in data.values():
        for row in rows:
            assert "learner" not in row and "id" not in row
    assert "민" in response.content.decode()  # readable, not \\u escapes


def test_download_has_no_password_hash_and_nothing_of_another_learner(client, learner, lessons):
    other = UserFactory(groups=["Learners"], display_name="Someone Else")
    fill_history(learner, lessons)
    other_tokens = fill_history(other, lessons)
    text = download(client, learner).content.decode()

    assert learner.password not in text
    assert "pbkdf2" not in text and "argon2" not in text and "md5$" not in text
    assert other.username not in text and "Someone Else" not in text
    for token in other_tokens:
        assert str(token) not in text
    assert Certificate.objects.get(learner=other).code not in text
    for model in learner_models():
        for pk in model._base_manager.filter(learner=other).values_list("pk", flat=True):
            assert not re.search(rf'"(id|pk)": {pk}\b', text)
    assert f'"id": {other.pk}' not in text


def test_a_new_learner_model_is_exported_without_naming_anyone_else(learner, tutor):
    """Assignment came after this export was written: the registry covers it; its tutor is left out."""
    from progress.models import Assignment, LearnerGroup

    group = LearnerGroup.objects.create(name="Tuesday evening group")
    Assignment.objects.create(
        group=group, learner=learner, module_key=uuid.uuid4(), module_title="Banks", assigned_by=tutor
    )
    rows = export_user_data(learner)["data"]["progress.assignment"]
    assert len(rows) == 1
    assert rows[0]["group"] == "Tuesday evening group" and rows[0]["module_title"] == "Banks"
    assert "assigned_by" not in rows[0]
    assert tutor.username not in json.dumps(rows)


def test_export_user_data_lists_empty_models_too(learner):
    exported = export_user_data(learner)
    assert set(exported["data"]) == {model._meta.label_lower for model in learner_models()}
    assert all(rows == [] for rows in exported["data"].values())
    json.dumps(exported)  # ready for JSON as it is


# Signed-in only --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/accounts/login/?next={url}")


def test_anonymous_post_to_delete_deletes_nothing(client, learner):
    response = client.post("/en/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert User.objects.filter(pk=learner.pk).exists()


# Settings --------------------------------------------------------------------------------------


def test_settings_page_shows_the_account_and_the_links(client, learner):
    client.force_login(learner)
    html = client.get("/en/accounts/").content.decode()
    assert learner.username in html
    assert "English" in html
    for url in ["/en/accounts/password/", "/en/accounts/my-data/", "/en/accounts/delete/"]:
        assert f'href="{url}"' in html
    assert "no real name, no email, no phone number" in html


def test_footer_links_to_account_settings(client, learner):
    client.force_login(learner)
    html = client.get("/en/accounts/password/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/en/accounts/"' in footer


def test_settings_page_changes_the_display_name(client, learner):
    client.force_login(learner)
    response = client.post("/en/accounts/", {"display_name": "  Sun  "}, follow=True)
    assert response.redirect_chain == [("/en/accounts/", 302)]
    assert "Your display name is saved." in response.content.decode()
    learner.refresh_from_db()
    assert learner.display_name == "Sun"


def test_settings_page_refuses_a_display_name_that_is_too_long(client, learner):
    learner.display_name = "Sun"
    learner.save()
    client.force_login(learner)
    response = client.post("/en/accounts/", {"display_name": "x" * 61})
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most 60 characters" in html
    assert 'role="alert"' in html
    learner.refresh_from_db()
    assert learner.display_name == "Sun"


def test_display_name_can_be_cleared(client, learner):
    learner.display_name = "Sun"
    learner.save()
    client.force_login(learner)
    client.post("/en/accounts/", {"display_name": ""})
    learner.refresh_from_db()
    assert learner.display_name == "" and learner.shown_name == learner.username


# Delete ----------------------------------------------------------------------------------------


def test_delete_page_explains_and_asks_for_the_password(client, learner):
    client.force_login(learner)
    html = client.get("/en/accounts/delete/").content.decode()
    assert "deleted for good" in html and "Nobody can restore them" in html
    assert 'type="password"' in html and 'name="understood"' in html


def test_deleting_with_the_right_password_removes_everything(client, learner, lessons):
    other = UserFactory(groups=["Learners"])
    fill_history(learner, lessons)
    fill_history(other, lessons)
    others_before = rows_of(other)
    assert all(rows_of(learner)[model] for model in PROGRESS_MODELS)
    client.force_login(learner)

    response = client.post("/en/accounts/delete/", {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302 and response["Location"] == "/en/"
    assert not User.objects.filter(pk=learner.pk).exists()
    assert not any(rows_of(learner).values())
    assert rows_of(other) == others_before
    assert "_auth_user_id" not in client.session
    page = client.get("/en/", follow=True).content.decode()
    assert "Your account and everything in it have been deleted." in page


@pytest.mark.parametrize(
    "form, message",
    [
        ({"password": "wrong", "understood": "on"}, "That password is not right. Nothing was deleted."),
        ({"password": PASSWORD}, "Please tick the box to confirm. Nothing was deleted."),
        ({"understood": "on"}, "Please type your password. Nothing was deleted."),
    ],
)
def test_wrong_password_or_no_confirmation_deletes_nothing(client, learner, lessons, form, message):
    fill_history(learner, lessons)
    before = rows_of(learner)
    client.force_login(learner)
    response = client.post("/en/accounts/delete/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()
    assert rows_of(learner) == before
    assert int(client.session["_auth_user_id"]) == learner.pk


def test_guessing_the_password_on_the_delete_form_is_throttled(client, learner):
    client.force_login(learner)
    for _ in range(5):
        client.post("/en/accounts/delete/", {"password": "wrong", "understood": "on"})
    response = client.post("/en/accounts/delete/", {"password": PASSWORD, "understood": "on"})
    assert "please wait 15 minutes" in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()


def test_superusers_cannot_delete_themselves_here(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post("/en/accounts/delete/", {"password": PASSWORD, "understood": "on"}, follow=True)
    assert response.redirect_chain == [("/en/accounts/", 302)]
    assert "An administrator account cannot be deleted here." in response.content.decode()
    assert User.objects.filter(pk=admin.pk).exists()


def test_delete_user_removes_rows_even_without_the_view(learner, lessons):
    fill_history(learner, lessons)
    counts = delete_user(learner)
    assert counts["progress.QuizAttempt"] == 2
    assert not User.objects.filter(username=learner.username).exists()
    assert not QuizAttempt.objects.exists() and not Certificate.objects.exists()


# Strings ---------------------------------------------------------------------------------------


class _Text(HTMLParser):
    """The visible text inside <main> and <footer>."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.chunks = 0, 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("main", "footer"):
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("main", "footer"):
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip and data.strip():
            self.chunks.append(data.strip())


def marked(message):
    return f"⟪{message}⟫"


def marked_plural(singular, plural, number):
    return marked(singular if number == 1 else plural)


def marking():
    """Every string that goes through gettext or ngettext comes out as ⟪string⟫."""
    patches = [
        mock.patch.object(translation._trans, "gettext", marked),
        mock.patch.object(translation._trans, "ngettext", marked_plural),
    ]
    stack = contextlib.ExitStack()
    for patch in patches:
        stack.enter_context(patch)
    return stack


@pytest.mark.parametrize(
    "method, url, form",
    [
        ("get", "/en/accounts/", None),
        ("post", "/en/accounts/", {"display_name": "x" * 61}),
        ("get", "/en/accounts/delete/", None),
        ("post", "/en/accounts/delete/", {"password": "wrong"}),
    ],
)
def test_every_user_facing_string_goes_through_gettext(client, learner, method, url, form):
    client.force_login(learner)
    with marking():
        response = getattr(client, method)(url, form) if form else client.get(url)
        html = response.content.decode()
    parser = _Text()
    parser.feed(html)
    data = {learner.username, "English", "·"}
    unmarked = [chunk for chunk in parser.chunks if chunk not in data and not re.fullmatch(r"(⟪[^⟫]*⟫\s*)+", chunk)]
    assert unmarked == []
    assert marked("Account settings") in html


def test_messages_go_through_gettext(client, learner):
    client.force_login(learner)
    with marking():
        saved = client.post("/en/accounts/", {"display_name": "Sun"}, follow=True).content.decode()
        deleted = client.post("/en/accounts/delete/", {"password": PASSWORD, "understood": "on"}, follow=True)
    assert marked("Your display name is saved.") in saved
    assert marked("Your account and everything in it have been deleted. Thank you for learning with us.") in (
        deleted.content.decode()
    )


@pytest.mark.django_db
def test_export_names_the_learner_groups_but_not_their_members(client):
    from progress.models import LearnerGroup
    from tests.factories import UserFactory

    learner = UserFactory(groups=["Learners"])
    classmate = UserFactory(groups=["Learners"], username="classmate-xyz")
    tutor = UserFactory(groups=["Tutors"], username="tutor-xyz")
    group = LearnerGroup.objects.create(name="Tuesday evening group")
    group.learners.add(learner, classmate)
    group.tutors.add(tutor)
    client.force_login(learner)
    text = client.get("/en/accounts/my-data/").content.decode()
    assert "Tuesday evening group" in text
    assert "classmate-xyz" not in text and "tutor-xyz" not in text
