"""A lesson's quiz on the page: answers stay on the server, grading, anonymous results saved nowhere."""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.lessons.sample_blocks import every_block, make_audio, make_image, make_term
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

MATCHING = (
    "matching",
    {
        "prompt": "Match each word with its Korean.",
        "pairs": [{"left": "rent", "right": "월세"}, {"left": "lease", "right": "임대 계약서"}],
        "explanation": "Rent is paid monthly; a lease is the written agreement.",
    },
)
MULTIPLE = (
    "multiple_choice",
    {
        "question": "Which are photo ID?",
        "choices": [
            {"text": "State ID card", "correct": True},
            {"text": "Passport", "correct": True},
            {"text": "Library card", "correct": False},
        ],
        "explanation": "Government-issued photo ID.",
    },
)


@pytest.fixture
def lesson():
    module = make_module(make_course())
    return make_lesson(module, quiz=[*SAMPLE_QUIZ, MATCHING, MULTIPLE], pass_mark=70)


def field_names(html):
    return sorted(set(re.findall(r'name="(q-[^"]+)"', html)))


def right_answers(lesson):
    fields = {}
    for block in lesson.quiz:
        name = f"q-{block.id}"
        if block.block_type in ("single_choice", "multiple_choice"):
            fields[name] = [str(i) for i, choice in enumerate(block.value["choices"]) if choice["correct"]]
        elif block.block_type == "true_false":
            fields[name] = ["true" if block.value["is_true"] else "false"]
        elif block.block_type == "fill_in_blank":
            fields[name] = ["  DEPOSIT "]
        elif block.block_type == "matching":
            for index, pair in enumerate(block.value["pairs"]):
                fields[f"{name}-{index}"] = [pair["right"]]
    return fields


def test_lesson_page_sends_no_correct_answer(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert '<form method="post"' in html and "Check my answers" in html
    assert "deposit" not in html.lower()  # the accepted fill-in answer
    for word in ("correct", "is_true", "accepted", "data-answer", "explanation"):
        assert word not in html.lower(), word
    assert "A checking account is made for everyday payments." not in html  # explanations come after
    # Matching options are sorted, not in pair order, and the same for every row.
    selects = re.findall(r"<select[^>]*>(.*?)</select>", html, re.S)
    assert len(selects) == 2 and selects[0] == selects[1]
    assert selects[0].index("월세") < selects[0].index("임대 계약서")


def test_right_answers_pass_and_show_explanations(client, lesson):
    response = client.post(lesson.url, right_answers(lesson))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You got 5 of 5 right (100%)." in html
    assert "Well done: you passed." in html
    assert "A checking account is made for everyday payments." in html
    assert "Try again" in html


def test_wrong_answers_fail_against_the_pass_mark(client, lesson):
    data = right_answers(lesson)
    first = f"q-{lesson.quiz[0].id}"
    data[first] = ["1"]
    fill = f"q-{lesson.quiz[2].id}"
    data[fill] = ["rent"]
    html = client.post(lesson.url, data).content.decode()
    assert "You got 3 of 5 right (60%)." in html
    assert "Not passed yet. You need 70% to complete this lesson." in html
    assert html.count("Not quite") == 2


def test_partly_answered_quiz_asks_for_every_answer_and_keeps_what_was_given(client, lesson):
    data = right_answers(lesson)
    del data[f"q-{lesson.quiz[1].id}"]
    html = client.post(lesson.url, data).content.decode()
    assert "Please answer every question." in html
    assert 'role="alert"' in html
    assert "You got" not in html
    assert 'value="  DEPOSIT "' in html or 'value="DEPOSIT"' in html or "DEPOSIT" in html


def test_malformed_submission_never_errors(client, lesson):
    for data in [
        {},
        {"q-unknown": "1"},
        {f"q-{lesson.quiz[0].id}": ["0", "1"]},
        {f"q-{lesson.quiz[0].id}": "99"},
        {f"q-{lesson.quiz[2].id}": "x" * 10_000},
        {f"q-{lesson.quiz[2].id}": "nul\x00byte"},
    ]:
        response = client.post(lesson.url, data)
        assert response.status_code == 200
        assert "Please answer every question." in response.content.decode()


def test_anonymous_submission_shows_the_result_and_saves_nothing(client, lesson):
    models = list(apps.get_app_config("progress").get_models())
    before = {m: m.objects.count() for m in models}
    html = client.post(lesson.url, right_answers(lesson)).content.decode()
    assert "You got 5 of 5 right" in html
    assert "Your answers are checked but not saved." in html
    assert {m: m.objects.count() for m in models} == before


def test_korean_interface_shows_quiz_messages_in_korean(client, lesson):
    html = client.post(lesson.url.replace("/en/", "/ko/", 1), {}).content.decode()
    assert "모든 문제에 답해 주세요." in html


def test_quiz_needs_the_csrf_token(lesson):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(lesson.url, {}).status_code == 403


def queries_for(client, url):
    """Queries for the page with every cache empty: routing, rendering each block, storing."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lesson_query_count_does_not_grow_with_blocks(client):
    """3 blocks or 40 (with glossary terms and images), the lesson page runs the same queries."""
    module = make_module(make_course())
    audio = make_audio()
    terms = [make_term(term=f"word {n}", audio=audio if n % 2 else None) for n in range(8)]
    images = [make_image(title=f"pic{n}") for n in range(4)]
    blocks = every_block(terms=terms[:1], image=images[0], audio=audio)
    small = make_lesson(module, body=[blocks[2], blocks[3], blocks[4]], quiz=SAMPLE_QUIZ)  # image, audio, words
    body = []
    for n in range(4):
        body += every_block(terms=terms[n * 2 : n * 2 + 2], image=images[n], audio=audio)[:10]
    assert len(body) == 40
    big = make_lesson(module, body=body, quiz=SAMPLE_QUIZ)
    assert queries_for(client, small.url) == queries_for(client, big.url)
