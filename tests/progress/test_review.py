"""Vocabulary review: Leitner scheduling with a fixed clock, the deck filling from lessons, and the review pages."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from progress import review, services
from progress.models import ReviewCard
from tests.factories import UserFactory
from tests.lessons.sample_blocks import every_block, make_term
from tests.progress.helpers import answers, graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

TODAY = datetime.date(2025, 3, 10)


def days(n):
    return TODAY + datetime.timedelta(days=n)


# Scheduling: a pure function ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("box", "new_box", "wait"),
    [(1, 2, 2), (2, 3, 4), (3, 4, 8), (4, 5, 16), (5, 5, 16)],
)
def test_knowing_a_card_moves_it_up_one_box_and_waits_that_boxs_interval(box, new_box, wait):
    assert review.schedule(box, True, TODAY) == (new_box, days(wait))


@pytest.mark.parametrize("box", [1, 2, 3, 4, 5])
def test_not_yet_sends_a_card_back_to_box_1_due_tomorrow(box):
    assert review.schedule(box, False, TODAY) == (1, days(1))


def test_box_intervals_double_from_one_day_to_sixteen():
    assert [review.interval(box) for box in range(1, 6)] == [1, 2, 4, 8, 16]
    with pytest.raises(ValueError):
        review.interval(6)
    with pytest.raises(ValueError):
        review.interval(0)


def test_a_card_known_every_time_climbs_to_box_5_and_stays_there():
    box, day, seen = 1, TODAY, []
    for _ in range(7):
        box, day = review.schedule(box, True, day)
        seen.append((box, (day - TODAY).days))
    assert seen == [(2, 2), (3, 6), (4, 14), (5, 30), (5, 46), (5, 62), (5, 78)]


def test_schedule_crosses_month_and_year_ends():
    assert review.schedule(5, True, datetime.date(2025, 12, 20)) == (5, datetime.date(2026, 1, 5))


# The deck ----------------------------------------------------------------------------------------


@pytest.fixture
def terms(db):
    return [make_term("deposit"), make_term("checking account", korean="당좌 예금"), make_term("rent", korean="월세")]


@pytest.fixture
def quiz_lesson(terms):
    module = make_module(make_course())
    return make_lesson(module, body=every_block(terms=terms[:2]), quiz=SAMPLE_QUIZ)


def test_a_new_card_is_due_the_day_it_is_added(learner, terms):
    card, created = review.add_term(learner, terms[0], today=TODAY)
    assert created and card.box == 1 and card.due_on == TODAY
    assert review.due_count(learner, TODAY) == 1
    again, created = review.add_term(learner, terms[0], today=days(3))
    assert not created and again.pk == card.pk and again.due_on == TODAY


def test_due_counts_follow_the_schedule(learner, terms):
    for term in terms:
        review.add_term(learner, term, today=TODAY)
    first, second, third = review.due_cards(learner, TODAY)
    assert review.answer(learner, first.pk, True, TODAY)  # box 2, due in 2 days
    assert review.answer(learner, second.pk, False, TODAY)  # box 1, due tomorrow
    assert review.due_count(learner, TODAY) == 1
    assert review.due_count(learner, days(1)) == 2
    assert review.due_count(learner, days(2)) == 3
    assert review.next_due_on(learner, TODAY) == days(1)
    assert [card.pk for card in review.due_cards(learner, days(2))] == [third.pk, second.pk, first.pk]
    assert review.due_count(UserFactory(), days(30)) == 0


def test_answering_moves_the_card_and_records_when(learner, terms):
    card, _ = review.add_term(learner, terms[0], today=TODAY)
    now = timezone.now()
    review.answer(learner, card.pk, True, TODAY, now=now)
    card.refresh_from_db()
    assert (card.box, card.due_on, card.last_reviewed_at) == (2, days(2), now)
    review.answer(learner, card.pk, True, days(2))
    review.answer(learner, card.pk, True, days(6))
    card.refresh_from_db()
    assert (card.box, card.due_on) == (4, days(14))
    review.answer(learner, card.pk, False, days(14))
    card.refresh_from_db()
    assert (card.box, card.due_on) == (1, days(15))


def test_an_answer_sent_twice_moves_the_card_once(learner, terms):
    card, _ = review.add_term(learner, terms[0], today=TODAY)
    assert review.answer(learner, card.pk, True, TODAY)
    assert review.answer(learner, card.pk, True, TODAY)
    card.refresh_from_db()
    assert (card.box, card.due_on) == (2, days(2))


def test_another_learners_card_cannot_be_answered(learner, terms):
    card, _ = review.add_term(learner, terms[0], today=TODAY)
    assert review.answer(UserFactory(), card.pk, True, TODAY) is False
    assert review.answer(learner, 999_999, True, TODAY) is False
    card.refresh_from_db()
    assert (card.box, card.due_on, card.last_reviewed_at) == (1, TODAY, None)


def test_the_database_keeps_boxes_between_1_and_5_and_one_card_per_term(learner, terms):
    card, _ = review.add_term(learner, terms[0], today=TODAY)
    for box in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewCard.objects.filter(pk=card.pk).update(box=box)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCard.objects.create(learner=learner, term=terms[0], due_on=TODAY)


def test_lesson_terms_come_from_vocabulary_blocks_once_each(terms):
    module = make_module(make_course())
    body = [
        ("vocabulary", {"title": "Words", "terms": [terms[0], terms[1]]}),
        ("paragraph", "<p>Between.</p>"),
        ("vocabulary", {"title": "More", "terms": [terms[1], terms[2]]}),
    ]
    lesson = make_lesson(module, body=body)
    assert review.lesson_terms(lesson) == terms


def test_adding_a_lessons_terms_takes_at_most_two_queries_and_never_duplicates(learner, terms, quiz_lesson):
    review.add_term(learner, terms[0], today=TODAY)
    review.answer(learner, review.due_cards(learner, TODAY)[0].pk, True, TODAY)
    lesson = type(quiz_lesson).objects.get(pk=quiz_lesson.pk)
    with CaptureQueriesContext(connection) as queries:
        assert review.add_lesson_terms(learner, lesson, today=days(1)) == 2
    assert len(queries) <= 2
    review.add_lesson_terms(learner, lesson, today=days(1))
    cards = {card.term.term: card for card in ReviewCard.objects.filter(learner=learner).select_related("term")}
    assert set(cards) == {"deposit", "checking account"}
    assert (cards["deposit"].box, cards["deposit"].due_on) == (2, days(2))  # kept as it was
    assert (cards["checking account"].box, cards["checking account"].due_on) == (1, days(1))


def test_passing_a_quiz_puts_the_lessons_terms_in_the_deck_once(learner, terms, quiz_lesson):
    services.record_quiz_result(learner, quiz_lesson, graded(quiz_lesson, right=False), str(uuid.uuid4()))
    assert not ReviewCard.objects.filter(learner=learner).exists()
    services.record_quiz_result(learner, quiz_lesson, graded(quiz_lesson), str(uuid.uuid4()))
    services.record_quiz_result(learner, quiz_lesson, graded(quiz_lesson), str(uuid.uuid4()))
    token = str(uuid.uuid4())
    services.record_quiz_result(learner, quiz_lesson, graded(quiz_lesson), token)
    services.record_quiz_result(learner, quiz_lesson, graded(quiz_lesson), token)
    assert sorted(ReviewCard.objects.filter(learner=learner).values_list("term__term", flat=True)) == [
        "checking account",
        "deposit",
    ]
    assert review.due_count(learner) == 2
    assert not ReviewCard.objects.exclude(learner=learner).exists()


def test_passing_the_quiz_in_the_browser_fills_the_deck(client, learner, quiz_lesson):
    client.force_login(learner)
    client.post(quiz_lesson.url, {**answers(quiz_lesson), "submission_token": str(uuid.uuid4())})
    assert ReviewCard.objects.filter(learner=learner).count() == 2


def test_marking_a_lesson_done_puts_its_terms_in_the_deck(client, learner, terms):
    lesson = make_lesson(make_module(make_course()), body=every_block(terms=[terms[2]]))
    client.force_login(learner)
    client.post(reverse("progress:mark_done"), {"lesson": lesson.pk})
    client.post(reverse("progress:mark_done"), {"lesson": lesson.pk})
    assert list(ReviewCard.objects.filter(learner=learner).values_list("term__term", flat=True)) == ["rent"]


def test_deleting_a_term_deletes_its_cards_only(learner, terms):
    review.add_term(learner, terms[0])
    review.add_term(learner, terms[1])
    terms[0].delete()
    assert list(ReviewCard.objects.values_list("term__term", flat=True)) == ["checking account"]


# The review pages, without JavaScript ------------------------------------------------------------


def review_url(language="en"):
    with override(language):
        return reverse("review:review")


def answer_url(language="en"):
    with override(language):
        return reverse("review:answer")


def test_the_review_pages_need_an_account(client, terms):
    login = reverse("accounts:login")
    assert client.get(review_url())["Location"].startswith(login)
    assert client.post(answer_url(), {"card": 1, "knew": "1"})["Location"].startswith(login)
    assert client.post(reverse("review:add"), {"term": terms[0].pk})["Location"].startswith(login)
    assert not ReviewCard.objects.exists()


def test_review_shows_one_due_card_with_its_answer_in_a_details_element(client, learner, terms):
    review.add_term(learner, terms[0])
    review.add_term(learner, terms[1], today=timezone.localdate() + datetime.timedelta(days=1))
    client.force_login(learner)
    html = client.get(review_url()).content.decode()
    assert 'data-speak="deposit"' in html and 'data-speak="The deposit is one month&#x27;s rent."' in html
    assert "checking account" not in html  # not due yet
    assert "<details" in html and "Show the answer" in html
    assert "보증금" in html and "담보금" in html
    assert "Money you pay before moving in" in html and "이사 들어가기 전에" not in html
    assert "The deposit is one month&#x27;s rent." in html and "보증금은 한 달 치 월세입니다." in html
    assert "I knew it" in html and "Not yet" in html and "csrfmiddlewaretoken" in html
    assert "One word to review today." in html
    assert "core/css/review.css" in html and "lessons/js/review.js" in html and "lessons/js/lesson.js" in html
    # No inline scripts, styles or event handlers (the Content-Security-Policy forbids them).
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html


def test_review_in_korean_explains_in_korean(client, learner, terms):
    review.add_term(learner, terms[0])
    client.force_login(learner)
    html = client.get(review_url("ko")).content.decode()
    assert "이사 들어가기 전에" in html and "Money you pay before moving in" not in html


def test_review_flow_without_javascript(client, learner, terms):
    for term in terms[:2]:
        review.add_term(learner, term)
    client.force_login(learner)
    first = review.due_cards(learner)[0]
    response = client.post(answer_url(), {"card": first.pk, "knew": "1"})
    assert response.status_code == 302 and response["Location"] == review_url()
    html = client.get(review_url()).content.decode()
    assert 'data-speak="checking account"' in html
    second = review.due_cards(learner)[0]
    client.post(answer_url(), {"card": second.pk, "knew": "0"})
    html = client.get(review_url()).content.decode()
    assert "Well done! No words are due now." in html
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert f"due on {date_format(tomorrow, 'DATE_FORMAT')}." in html
    assert reverse("progress:my_learning") in html
    boxes = dict(ReviewCard.objects.filter(learner=learner).values_list("term__term", "box"))
    assert boxes == {"deposit": 2, "checking account": 1}


def test_answer_sent_by_script_gets_the_next_card_in_the_reply(client, learner, terms):
    for term in terms[:2]:
        review.add_term(learner, term)
    client.force_login(learner)
    first = review.due_cards(learner)[0]
    response = client.post(answer_url(), {"card": first.pk, "knew": "1"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert 'data-speak="checking account"' in response.content.decode()


def test_another_learners_card_is_404_and_nothing_changes(client, learner, terms):
    card, _ = review.add_term(learner, terms[0])
    client.force_login(UserFactory(groups=["Learners"]))
    assert client.post(answer_url(), {"card": card.pk, "knew": "1"}).status_code == 404
    card.refresh_from_db()
    assert (card.box, card.last_reviewed_at) == (1, None)


def test_bad_answers_are_refused(client, learner, terms):
    card, _ = review.add_term(learner, terms[0])
    client.force_login(learner)
    assert client.get(answer_url()).status_code == 405
    assert client.post(answer_url(), {"card": "x", "knew": "1"}).status_code == 400
    assert client.post(answer_url(), {"card": card.pk, "knew": "maybe"}).status_code == 400
    card.refresh_from_db()
    assert card.box == 1


def test_an_empty_deck_explains_how_words_get_in(client, learner):
    client.force_login(learner)
    html = client.get(review_url()).content.decode()
    assert "Your review deck is empty." in html and reverse("lessons:glossary") in html


def test_review_link_card_counts_due_words():
    html = render_to_string("progress/includes/review_link.html", {"review_due": 3})
    assert "3 words are due today." in html and review_url() in html
    assert "No words are due today." in render_to_string("progress/includes/review_link.html", {"review_due": 0})


# Adding from the glossary ------------------------------------------------------------------------


def test_glossary_offers_add_to_review_to_signed_in_learners_only(client, learner, terms):
    url = reverse("lessons:glossary")
    assert "Add to my review" not in client.get(url).content.decode()
    client.force_login(learner)
    html = client.get(url).content.decode()
    assert "Add to my review" in html and reverse("review:add") in html


def test_adding_a_term_from_the_glossary_goes_back_to_it(client, learner, terms):
    client.force_login(learner)
    back = reverse("lessons:glossary") + "?letter=D"
    response = client.post(reverse("review:add"), {"term": terms[0].pk, "next": back}, follow=True)
    assert response.redirect_chain[0][0] == f"{back}#term-{terms[0].pk}"
    assert "is now in your review words" in response.content.decode()
    response = client.post(reverse("review:add"), {"term": terms[0].pk, "next": back}, follow=True)
    assert "is already in your review words" in response.content.decode()
    assert ReviewCard.objects.filter(learner=learner).count() == 1


def test_adding_a_term_never_redirects_elsewhere(client, learner, terms):
    client.force_login(learner)
    for back in ("https://example.com/", "//example.com/en/glossary/", "/en/learning/"):
        response = client.post(reverse("review:add"), {"term": terms[0].pk, "next": back})
        assert response["Location"].startswith(reverse("lessons:glossary") + "?q=deposit#term-")
    assert client.post(reverse("review:add"), {"term": 999_999}).status_code == 404
    assert client.post(reverse("review:add"), {"term": "x"}).status_code == 400
