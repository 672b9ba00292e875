"""Fuzzed posts to what a learner sends: a lesson's quiz, checklist ticks, mark as done, review answers.

Each test sends 200 hypothesis examples under /en/ and /ko/. Hidden fields a
page fills in itself (lesson, block, card and term ids) are refused with 400
or 404 when tampered with; what a learner types or picks is refused with a
message in the page's language. Refused posts change no row; accepted ones
change exactly the rows they should. The list of endpoints lives in
test_fuzz_forms.py.
"""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from lessons.models import GlossaryTerm
from progress import services
from progress.models import ChecklistTick, QuizAttempt, ReviewCard
from progress.review import add_term
from tests.factories import UserFactory
from tests.lessons.sample_blocks import make_term
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

from .fuzz_harness import (
    FUZZ,
    assert_changed,
    assert_message_in_language,
    assert_no_nul_stored,
    assert_redirect_with_message,
    assert_unchanged,
    example,
    row_counts,
)
from .strategies import LANGUAGES, NUMBERS, field, form, text, values_of

pytestmark = pytest.mark.django_db

CHECKLIST = ("checklist", {"title": "Before you go", "items": ["Photo ID", "Proof of address", "Pen"]})
QUIZ = [
    *SAMPLE_QUIZ,
    (
        "multiple_choice",
        {
            "question": "Which are safe places to keep money?",
            "choices": [
                {"text": "A bank", "correct": True},
                {"text": "A credit union", "correct": True},
                {"text": "Under the bed", "correct": False},
            ],
            "explanation": "Banks and credit unions are insured.",
        },
    ),
    (
        "matching",
        {
            "prompt": "Match the words.",
            "pairs": [{"left": "rent", "right": "월세"}, {"left": "deposit", "right": "보증금"}],
            "explanation": "Rent is monthly; a deposit comes back.",
        },
    ),
]
IDS = st.one_of(NUMBERS, text(10))
"""What lands in an id field when someone tampers with it."""


class World:
    """A course with a quiz lesson and a plain lesson (both with a checklist), a term, and a learner's deck."""

    def __init__(self):
        self.term = make_term()
        self.other_term = make_term(term="landlord", korean="집주인")
        module = make_module(make_course())
        body = [("paragraph", "<p>Text</p>"), ("vocabulary", {"title": "Words", "terms": [self.term]}), CHECKLIST]
        self.quiz_lesson = make_lesson(module, body=body, quiz=QUIZ)
        self.plain_lesson = make_lesson(module, body=body)
        self.draft = make_lesson(module, body=body, live=False)
        self.learner = UserFactory(groups=["Learners"])
        for lesson in (self.quiz_lesson, self.plain_lesson):
            services.record_lesson_opened(self.learner, lesson)
        self.card, _created = add_term(self.learner, self.term)
        other = UserFactory(groups=["Learners"])
        self.others_card, _created = add_term(other, self.term)
        self.used_token = uuid.uuid4()
        services.record_quiz_result(
            self.learner, self.quiz_lesson, graded(self.quiz_lesson, right=False), self.used_token
        )
        self.client = Client()
        self.client.force_login(self.learner)
        self.checklist_id = self.plain_lesson.body[2].id

    def lesson_url(self, lesson, language):
        return lesson.url.replace("/en/", f"/{language}/", 1)


@pytest.fixture
def world(db):
    return World()


def url(name, language):
    with translation.override(language):
        return reverse(name)


def once(data, name):
    values = values_of(data, name)
    return values[0] if len(values) == 1 else None


def assert_refused_plainly(response, before, after, language):
    """A tampered hidden field: 400 or 404 in the page's language, nothing saved."""
    assert response.status_code in (400, 404), response.status_code
    assert response["Content-Language"] == language
    assert_unchanged(before, after)


def quiz_form(world):
    fields = {}
    for block in world.quiz_lesson.quiz:
        name = f"q-{block.id}"
        kind = block.block_type
        if kind in ("single_choice", "multiple_choice"):
            fields[name] = field(*[str(i) for i in range(len(block.value["choices"]))])
        elif kind == "true_false":
            fields[name] = field("true", "false")
        elif kind == "fill_in_blank":
            fields[name] = field("deposit", " Deposit ", "보증금", "가" * 200)
        elif kind == "matching":
            rights = [pair["right"] for pair in block.value["pairs"]]
            for index in range(len(rights)):
                fields[f"{name}-{index}"] = field(*rights)
    fields["submission_token"] = field(str(world.used_token), str(uuid.UUID(int=7)), "")
    return form(**fields)


def quiz_is_plainly_answered(world, data):
    """Every question answered once with a value the form offers (a fill-in of at most 200 characters)."""
    for block in world.quiz_lesson.quiz:
        name = f"q-{block.id}"
        if block.block_type == "matching":
            rights = {pair["right"] for pair in block.value["pairs"]}
            if any(once(data, f"{name}-{i}") not in rights for i in range(len(block.value["pairs"]))):
                return False
            continue
        value = once(data, name)
        if block.block_type in ("single_choice", "multiple_choice"):
            ok = value in {str(i) for i in range(len(block.value["choices"]))}
        elif block.block_type == "true_false":
            ok = value in ("true", "false")
        else:
            ok = value in ("deposit", " Deposit ", "보증금", "가" * 200)
        if not ok:
            return False
    return True


@FUZZ
@given(data=st.data(), language=LANGUAGES, signed_in=st.booleans())
def test_quiz_submission(world, data, language, signed_in):
    posted = data.draw(quiz_form(world), label="posted")
    client = world.client if signed_in else Client()
    with example(client):
        before = row_counts()
        response = client.post(world.lesson_url(world.quiz_lesson, language), posted)
        after = row_counts()
        assert response.status_code == 200 and response["Content-Language"] == language
        outcome = response.context["quiz_outcome"]
        html = response.content.decode()
        if outcome.is_valid:
            repeated = values_of(posted, "submission_token")[-1:] == [str(world.used_token)]
            attempts = 1 if signed_in and not repeated else 0
            may_change = ("progress.ReviewCard", "progress.Certificate") if attempts else ()
            assert_changed(before, after, {"progress.QuizAttempt": attempts}, may_change=may_change)
            assert_no_nul_stored()
        else:
            assert not quiz_is_plainly_answered(world, posted), "a plainly answered quiz was refused"
            assert_unchanged(before, after)
            for message in [outcome.message, *outcome.errors.values()]:
                assert escape(message) in html, f"{message!r} not shown"
                assert_message_in_language(message, language)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_checklist_ticks(world, data, language):
    lessons = [str(world.plain_lesson.pk), str(world.quiz_lesson.pk), str(world.draft.pk)]
    posted = data.draw(
        form(
            lesson=field(*lessons, nasty=IDS),
            block=field(world.checklist_id, world.plain_lesson.body[0].id, nasty=text(70)),
            item=field("0", "1", "2", nasty=st.one_of(NUMBERS, text(5))),
        ),
        label="posted",
    )
    headers = data.draw(st.sampled_from([{}, {"X-Requested-With": "fetch"}]), label="headers")
    with example(world.client):
        before = row_counts()
        response = world.client.post(url("progress:checklist", language), posted, headers=headers)
        after = row_counts()
        items = values_of(posted, "item")
        plain = (
            once(posted, "lesson") == lessons[0]
            and once(posted, "block") == world.checklist_id
            and all(item in ("0", "1", "2") for item in items)
        )
        if response.status_code in (204, 302):
            ticks = ChecklistTick.objects.filter(learner=world.learner, block_id=world.checklist_id)
            assert set(ticks.values_list("item", flat=True)) == {int(item) for item in items}
            assert_changed(before, after, {"progress.ChecklistTick": ticks.count()})
        else:
            assert not plain, "plain ticks were refused"
            assert_refused_plainly(response, before, after, language)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_mark_as_done(world, data, language):
    lessons = [str(world.plain_lesson.pk), str(world.quiz_lesson.pk), str(world.draft.pk)]
    posted = data.draw(form(lesson=field(*lessons, nasty=IDS)), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(url("progress:mark_done", language), posted)
        after = row_counts()
        if response.status_code == 302:
            assert int(values_of(posted, "lesson")[-1]) == world.plain_lesson.pk
            assert response["Location"] == world.lesson_url(world.plain_lesson, language)
            assert_redirect_with_message(response, language)
            assert_changed(before, after, {}, may_change=("progress.ReviewCard", "progress.Certificate"))
        else:
            assert once(posted, "lesson") != lessons[0], "marking the plain lesson done was refused"
            assert_refused_plainly(response, before, after, language)


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_review_answer(world, data, language):
    cards = [str(world.card.pk), str(world.others_card.pk)]
    posted = data.draw(form(card=field(*cards, nasty=IDS), knew=field("0", "1")), label="posted")
    headers = data.draw(st.sampled_from([{}, {"X-Requested-With": "fetch"}]), label="headers")
    with example(world.client):
        before = row_counts()
        response = world.client.post(url("review:answer", language), posted, headers=headers)
        after = row_counts()
        assert_unchanged(before, after)  # an answer moves a card, it never adds or removes one
        card = ReviewCard.objects.get(pk=world.card.pk)
        moved = (card.box, card.due_on) != (world.card.box, world.card.due_on)
        if response.status_code in (200, 302):
            assert response.status_code == (200 if headers else 302)
            assert moved and values_of(posted, "knew")[-1] in ("0", "1")
        else:
            assert not (once(posted, "card") == cards[0] and once(posted, "knew") in ("0", "1")), "answer refused"
            assert_refused_plainly(response, before, after, language)
            assert not moved
        assert ReviewCard.objects.get(pk=world.others_card.pk).box == world.others_card.box


@FUZZ
@given(data=st.data(), language=LANGUAGES)
def test_add_to_review_deck(world, data, language):
    terms = [str(world.term.pk), str(world.other_term.pk)]
    nexts = ["/en/glossary/?q=rent", "/ko/glossary/", "https://evil.example/en/glossary/", "//evil.example/"]
    posted = data.draw(form(term=field(*terms, nasty=IDS), next=field(*nexts)), label="posted")
    with example(world.client):
        before = row_counts()
        response = world.client.post(url("review:add", language), posted)
        after = row_counts()
        if response.status_code == 302:
            term = GlossaryTerm.objects.get(pk=int(values_of(posted, "term")[-1]))
            added = 1 if term == world.other_term else 0
            assert_changed(before, after, {"progress.ReviewCard": added})
            assert response["Location"].startswith("/") and not response["Location"].startswith("//")
            for message in assert_redirect_with_message(response, language):
                assert term.term in message
        else:
            assert once(posted, "term") not in terms, "adding a glossary term was refused"
            assert_refused_plainly(response, before, after, language)


def test_quiz_token_that_was_used_records_nothing_twice(world):
    """The fixture's used token is really used (so the fuzz test's 'repeated' branch is meaningful)."""
    assert QuizAttempt.objects.filter(learner=world.learner, token=world.used_token).count() == 1


# Regression: fuzzing found that a lesson id beyond 64 bits overflowed SQLite's driver (500) on these two posts.
@pytest.mark.parametrize("name", ["progress:checklist", "progress:mark_done"])
@pytest.mark.parametrize("lesson", [str(2**31), str(2**63), str(10**30), "-1"])
def test_a_lesson_id_too_large_for_the_database_is_not_found(world, name, lesson):
    before = row_counts()
    response = world.client.post(reverse(name), {"lesson": lesson, "block": world.checklist_id, "item": "0"})
    assert response.status_code == 404
    assert_unchanged(before, row_counts())
