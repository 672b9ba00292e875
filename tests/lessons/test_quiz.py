"""Quiz forms and grading (lessons/quiz.py) and the quiz include template."""

import json
import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.quiz import Question, QuizOutcome, build_form, grade_submission, normalise
from lessons.quiz_blocks import QuizBlock

SINGLE = {
    "question": "Which account is best for paying rent and bills?",
    "choices": [{"text": "Checking account", "correct": True}, {"text": "Savings account", "correct": False}],
    "explanation": "A checking account is made for everyday payments.",
}
MULTIPLE = {
    "question": "Which can you use as photo ID at a bank?",
    "choices": [
        {"text": "A state ID card", "correct": True},
        {"text": "A passport", "correct": True},
        {"text": "A library card", "correct": False},
    ],
    "explanation": "Banks accept government-issued photo ID.",
}
TRUE_FALSE = {
    "statement": "A real bank may call and ask for your PIN.",
    "is_true": False,
    "explanation": "A real bank never asks for your PIN.",
}
FILL_IN = {
    "prompt": "The money you pay before moving in is a security ___.",
    "accepted_answers": ["deposit", "Security Deposit"],
    "explanation": "A security deposit is returned if there is no damage.",
}
MATCHING = {
    "prompt": "Match each word with its meaning.",
    "pairs": [
        {"left": "rent", "right": "월세"},
        {"left": "lease", "right": "임대 계약"},
        {"left": "bill", "right": "Bill"},
    ],
    "explanation": "Rent is paid every month; a lease is the contract.",
}
VALUES = {
    "single_choice": SINGLE,
    "multiple_choice": MULTIPLE,
    "true_false": TRUE_FALSE,
    "fill_in_blank": FILL_IN,
    "matching": MATCHING,
}
RIGHT = {
    "q-single": ["0"],
    "q-multiple": ["0", "1"],
    "q-tf": ["false"],
    "q-fill": ["deposit"],
    "q-match-0": ["월세"],
    "q-match-1": ["임대 계약"],
    "q-match-2": ["Bill"],
}


def stream(*kinds):
    """A quiz stream value with one question per kind, ids like "single", "tf", "fill"."""
    ids = {"single_choice": "single", "multiple_choice": "multiple", "true_false": "tf"}
    ids |= {"fill_in_blank": "fill", "matching": "match"}
    return QuizBlock().to_python([{"type": kind, "value": VALUES[kind], "id": ids[kind]} for kind in kinds])


ALL_KINDS = stream(*VALUES)


def grade(quiz, data, pass_mark=70):
    return grade_submission(quiz, MultiValueDict(data), pass_mark)


def answers(**changes):
    """The all-right answers with some fields changed (None removes a field)."""
    data = {**RIGHT}
    for key, value in changes.items():
        name = "q-" + key.replace("_", "-")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# Grading each kind -----------------------------------------------------------


def test_all_right():
    outcome = grade(ALL_KINDS, RIGHT)
    assert outcome.is_valid and outcome.errors == {} and outcome.message == ""
    result = outcome.result
    assert (result.score, result.max_score, result.percent, result.passed) == (5, 5, 100, True)
    assert [q.correct for q in result.questions] == [True] * 5
    assert [q.number for q in result.questions] == [1, 2, 3, 4, 5]
    assert [q.kind for q in result.questions] == list(VALUES)


@pytest.mark.parametrize(
    ("field", "wrong"),
    [
        ("single", ["1"]),
        ("multiple", ["0"]),  # a right subset is wrong
        ("multiple", ["0", "1", "2"]),  # a superset is wrong
        ("multiple", ["2"]),
        ("tf", ["true"]),
        ("fill", ["deposits"]),
        ("match_0", ["임대 계약"]),
    ],
)
def test_one_wrong_answer_scores_zero_for_that_question(field, wrong):
    result = grade(ALL_KINDS, answers(**{field: wrong})).result
    assert result.score == 4 and result.max_score == 5 and result.percent == 80
    assert [q.correct for q in result.questions].count(False) == 1


def test_matching_is_all_or_nothing():
    result = grade(stream("matching"), answers(match_0=["임대 계약"], match_1=["월세"])).result
    question = result.questions[0]
    assert (question.correct, question.score, question.max_score) == (False, 0, 1)
    assert question.given == {"0": "임대 계약", "1": "월세", "2": "Bill"}
    assert question.given_text == "rent → 임대 계약; lease → 월세; bill → Bill"
    assert question.correct_text == "rent → 월세; lease → 임대 계약; bill → Bill"


def test_multiple_choice_order_and_repeats_do_not_matter():
    result = grade(stream("multiple_choice"), {"q-multiple": ["1", "0", "1"]}).result
    assert result.questions[0].correct
    assert result.questions[0].given == [0, 1]


def test_readable_answers():
    result = grade(ALL_KINDS, answers(single=["1"], multiple=["0", "2"], tf=["true"], fill=["  Deposit "])).result
    single, multiple, tf, fill, _match = result.questions
    assert (single.given, single.given_text, single.correct_text) == ([1], "Savings account", "Checking account")
    assert multiple.given_text == "A state ID card; A library card"
    assert multiple.correct_text == "A state ID card; A passport"
    assert (tf.given, tf.given_text, tf.correct_text) == (True, "True", "False")
    assert (fill.given, fill.correct_text, fill.correct) == ("Deposit", "deposit", True)
    assert single.explanation == SINGLE["explanation"]
    assert single.prompt == SINGLE["question"] and tf.prompt == TRUE_FALSE["statement"]


@pytest.mark.parametrize(
    "typed",
    ["deposit", "DEPOSIT", "  deposit  ", "security   deposit", "Security\tDeposit", "SECURITY DEPOSIT\n"],
)
def test_fill_in_ignores_case_and_spaces(typed):
    assert grade(stream("fill_in_blank"), {"q-fill": [typed]}).result.questions[0].correct


def test_fill_in_compares_unicode_normalised():
    quiz = QuizBlock().to_python(
        [{"type": "fill_in_blank", "value": {**FILL_IN, "accepted_answers": ["café"]}, "id": "fill"}]
    )
    decomposed = "cafe\u0301"
    assert grade(quiz, {"q-fill": [decomposed]}).result.questions[0].correct
    assert normalise(" CAFÉ  au lait ") == normalise("café au\u00a0lait")


# Scores and pass mark ----------------------------------------------------------


@pytest.mark.parametrize(("pass_mark", "passed"), [(66, True), (67, False), (70, False), (1, True)])
def test_percent_rounds_down_and_pass_mark(pass_mark, passed):
    quiz = stream("single_choice", "true_false", "fill_in_blank")
    result = grade(quiz, {"q-single": ["0"], "q-tf": ["false"], "q-fill": ["wrong"]}, pass_mark).result
    assert (result.score, result.max_score, result.percent) == (2, 3, 66)
    assert result.passed is passed
    assert result.pass_mark == pass_mark


def test_pass_mark_reached_exactly_passes():
    quiz = stream("single_choice", "true_false")
    assert grade(quiz, {"q-single": ["0"], "q-tf": ["true"]}, pass_mark=50).result.passed


def test_empty_quiz():
    outcome = grade_submission(QuizBlock().to_python([]), MultiValueDict(), 70)
    assert outcome.is_valid
    assert (outcome.result.score, outcome.result.max_score, outcome.result.percent) == (0, 0, 100)
    assert outcome.result.passed
    assert build_form(QuizBlock().to_python([])) == []


def test_as_data_is_json():
    data = grade(ALL_KINDS, RIGHT).result.as_data()
    assert json.loads(json.dumps(data)) == data
    assert data["score"] == 5 and len(data["questions"]) == 5
    assert data["questions"][4]["given"] == {"0": "월세", "1": "임대 계약", "2": "Bill"}


# Incomplete and malformed submissions -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "question_id"),
    [
        ({"single": None}, "single"),
        ({"multiple": None}, "multiple"),
        ({"tf": None}, "tf"),
        ({"fill": None}, "fill"),
        ({"fill": ["   "]}, "fill"),
        ({"fill": [""]}, "fill"),
        ({"match_1": None}, "match"),
        ({"match_1": [""]}, "match"),
        ({"single": ["7"]}, "single"),  # unknown choice
        ({"single": ["-1"]}, "single"),
        ({"single": ["0", "0"]}, "single"),  # a single choice given twice
        ({"single": ["0", "1"]}, "single"),
        ({"tf": ["maybe"]}, "tf"),
        ({"tf": ["true", "false"]}, "tf"),
        ({"multiple": ["0", "9"]}, "multiple"),
        ({"multiple": ["0", "1", "2", "0"]}, "multiple"),  # more values than choices
        ({"match_0": ["Something else"]}, "match"),
        ({"match_0": ["월세", "임대 계약"]}, "match"),
        ({"fill": ["x" * 10_000]}, "fill"),
        ({"fill": ["x" * 201]}, "fill"),
        ({"fill": ["deposit", "other"]}, "fill"),
        ({"fill": ["\x00"]}, "fill"),
        ({"single": [0]}, "single"),  # wrongly typed values
        ({"single": [None]}, "single"),
        ({"tf": [True]}, "tf"),
        ({"fill": [["deposit"]]}, "fill"),
        ({"match_0": [{"a": 1}]}, "match"),
    ],
)
def test_incomplete_or_malformed_answers_are_errors(changes, question_id):
    outcome = grade(ALL_KINDS, answers(**changes))
    assert not outcome.is_valid
    assert outcome.result is None
    assert list(outcome.errors) == [question_id]
    assert isinstance(outcome.errors[question_id], str) and outcome.errors[question_id]
    assert outcome.message == "Please answer every question."
    assert [q.error != "" for q in outcome.form] == [q.id == question_id for q in outcome.form]


def test_an_empty_submission_is_an_error_for_every_question():
    outcome = grade(ALL_KINDS, {})
    assert set(outcome.errors) == {"single", "multiple", "tf", "fill", "match"}
    assert outcome.errors["single"] == "Please answer this question."


def test_unknown_fields_are_ignored():
    data = answers()
    data |= {"q-nope": ["1"], "csrfmiddlewaretoken": ["abc"], "submission_token": ["t"], "q-match-9": ["x"]}
    outcome = grade(ALL_KINDS, data)
    assert outcome.is_valid and outcome.result.score == 5


def test_fill_in_just_under_the_limit_is_accepted():
    assert grade(stream("fill_in_blank"), {"q-fill": ["x" * 200]}).is_valid


def test_nul_and_control_characters_are_removed_from_fill_in():
    result = grade(stream("fill_in_blank"), {"q-fill": ["dep\x00os\x07it"]}).result
    assert result.questions[0].given == "deposit"
    assert result.questions[0].correct


def test_a_malformed_mapping_does_not_raise():
    outcome = grade_submission(ALL_KINDS, MultiValueDict({"q-single": 5, "q-fill": "deposit"}), 70)
    assert not outcome.is_valid
    assert "single" in outcome.errors
    assert grade_submission(ALL_KINDS, None, 70).errors.keys() == {"single", "multiple", "tf", "fill", "match"}


def test_the_form_comes_back_with_what_was_given():
    outcome = grade(ALL_KINDS, answers(single=None, multiple=["1"], tf=["true"], fill=["deposit"], match_1=None))
    single, multiple, tf, fill, match = outcome.form
    assert not any(option.checked for option in single.options)
    assert [option.checked for option in multiple.options] == [False, True, False]
    assert [(option.value, option.checked) for option in tf.options] == [("true", True), ("false", False)]
    assert fill.value == "deposit"
    assert [[o.value for o in row.options if o.checked] for row in match.rows] == [["월세"], [], ["Bill"]]
    assert single.error and match.error and not tf.error


def test_messages_are_translated_strings():
    with translation.override("ko"):
        outcome = grade(ALL_KINDS, answers(single=["9"], fill=None))
        form = build_form(ALL_KINDS)
    assert isinstance(outcome.message, str) and outcome.message
    assert all(isinstance(message, str) and message for message in outcome.errors.values())
    assert all(option.label for option in form[2].options)


# The form gives nothing away ------------------------------------------------------


def test_build_form_shape():
    single, multiple, tf, fill, match = build_form(ALL_KINDS)
    assert (single.id, single.kind, single.number, single.field_name) == ("single", "single_choice", 1, "q-single")
    assert single.prompt == SINGLE["question"]
    assert [(o.value, o.label) for o in single.options] == [("0", "Checking account"), ("1", "Savings account")]
    assert (single.input_type, multiple.input_type, tf.input_type) == ("radio", "checkbox", "radio")
    assert [(o.value, o.label) for o in tf.options] == [("true", "True"), ("false", "False")]
    assert (fill.input_type, fill.value, fill.options) == ("text", "", ())
    assert match.input_type == "select"
    assert [row.field_name for row in match.rows] == ["q-match-0", "q-match-1", "q-match-2"]
    assert [row.label for row in match.rows] == ["rent", "lease", "bill"]


def test_matching_options_are_the_same_alphabetical_list_on_every_row():
    match = build_form(stream("matching"))[0]
    expected = sorted(["월세", "임대 계약", "Bill"], key=str.casefold)
    for row in match.rows:
        assert [(o.value, o.label) for o in row.options] == [(text, text) for text in expected]


def test_questions_carry_no_answers():
    text = repr(build_form(ALL_KINDS))
    assert "correct" not in text.lower()
    assert "is_true" not in text and "explanation" not in text.lower()
    assert "Security Deposit" not in text and "'deposit'" not in text
    assert FILL_IN["explanation"] not in text
    assert not any(name in f for f in Question.__dataclass_fields__ for name in ("correct", "answer", "pair"))


def render(form, outcome=None, token="", page=None):
    request = RequestFactory().get("/courses/money/lesson/")
    context = {
        "page": page or SimpleNamespace(url="/courses/money/lesson/", pass_mark=70),
        "quiz_form": form,
        "quiz_outcome": outcome,
        "quiz_token": token,
    }
    return render_to_string("lessons/includes/quiz.html", context, request=request)


def attributes(html):
    return " ".join(re.findall(r'\s[\w-]+="[^"]*"', html))


def test_rendered_form_gives_nothing_away():
    html = render(build_form(ALL_KINDS))
    assert 'id="quiz"' in html and 'action="/courses/money/lesson/#quiz"' in html and "novalidate" in html
    assert "csrfmiddlewaretoken" in html and "Check my answers" in html
    for answer in FILL_IN["accepted_answers"]:
        assert answer.lower() not in html.lower()
    assert "correct" not in attributes(html).lower()
    assert FILL_IN["explanation"] not in html and 'role="alert"' not in html
    assert html.count('<option value="">Choose…</option>') == 3
    assert 'name="submission_token"' not in html


def test_rendered_form_keeps_answers_and_ties_errors_to_fields():
    outcome = grade(ALL_KINDS, answers(single=["9"], fill=["my answer"]), 70)
    html = render(outcome.form, outcome, token="tok123")
    assert 'role="alert"' in html and "Please answer every question." in html
    assert 'aria-describedby="q-single-error"' in html and 'id="q-single-error"' in html
    assert 'value="my answer"' in html
    assert 'value="월세" selected' in html
    assert '<input type="hidden" name="submission_token" value="tok123">' in html
    assert "correct" not in attributes(html).lower()


def test_rendered_result():
    outcome = grade(stream("single_choice", "true_false", "fill_in_blank"), {**RIGHT, "q-fill": ["nope"]})
    html = render([], outcome)
    assert "You got 2 of 3 right (66%)." in html
    assert "You need 70% to complete this lesson." in html
    assert html.count("result-correct") == 2 and html.count("result-wrong") == 1
    assert "✓" in html and "✗" in html and "Right" in html and "Not quite" in html
    assert "Checking account" in html and "nope" in html and FILL_IN["explanation"] in html
    assert 'href="/courses/money/lesson/#quiz"' in html and "Try again" in html
    assert "<form" not in html


def test_editor_preview_shows_the_answers():
    block = QuizBlock().child_blocks["single_choice"]
    html = block.render(block.to_python(SINGLE))
    assert "Checking account" in html and "✓" in html and SINGLE["explanation"] in html
    matching = QuizBlock().child_blocks["matching"]
    assert "rent → 월세" in matching.render(matching.to_python(MATCHING))


# Property: grading never raises ----------------------------------------------------

_nasty = st.sampled_from(
    ["", " ", "\x00", "\x00\x01\x1f", "😀", "👩‍👩‍👧", "보증금", "월세", "x" * 10_000, "0", "1", "true"]
)
_text = st.one_of(_nasty, st.text(max_size=30), st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
_choice = st.fixed_dictionaries({"text": _text, "correct": st.booleans()})
_question = st.one_of(
    st.tuples(
        st.sampled_from(["single_choice", "multiple_choice"]),
        st.fixed_dictionaries({"question": _text, "choices": st.lists(_choice, max_size=6), "explanation": _text}),
    ),
    st.tuples(
        st.just("true_false"),
        st.fixed_dictionaries({"statement": _text, "is_true": st.booleans(), "explanation": _text}),
    ),
    st.tuples(
        st.just("fill_in_blank"),
        st.fixed_dictionaries({"prompt": _text, "accepted_answers": st.lists(_text, max_size=3), "explanation": _text}),
    ),
    st.tuples(
        st.just("matching"),
        st.fixed_dictionaries(
            {
                "prompt": _text,
                "pairs": st.lists(st.fixed_dictionaries({"left": _text, "right": _text}), max_size=6),
                "explanation": _text,
            }
        ),
    ),
)
_value = st.one_of(_text, st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2))


def _plausible(draw, kind, value, name):
    """Fields a browser could send for one question (sometimes missing or odd)."""
    if kind in ("single_choice", "multiple_choice"):
        indexes = [str(i) for i in range(len(value["choices"]) + 1)]
        return {name: draw(st.lists(st.sampled_from(indexes), min_size=1, max_size=3))}
    if kind == "true_false":
        return {name: [draw(st.sampled_from(["true", "false"]))]}
    if kind == "fill_in_blank":
        return {name: [draw(st.one_of(_text, st.sampled_from(value["accepted_answers"] or ["x"])))]}
    rights = [pair["right"] for pair in value["pairs"]] or ["x"]
    return {f"{name}-{i}": [draw(st.sampled_from(rights))] for i in range(len(value["pairs"]))}


@st.composite
def quiz_and_submission(draw):
    questions = draw(st.lists(_question, max_size=6))
    raw = [{"type": kind, "value": value, "id": f"id{i}"} for i, (kind, value) in enumerate(questions)]
    data = {}
    for i, (kind, value) in enumerate(questions):
        if draw(st.integers(0, 9)):  # mostly answered, now and then left out
            data |= _plausible(draw, kind, value, f"q-id{i}")
    names = [f"q-id{i}" for i in range(len(raw))] + [f"q-id{i}-{j}" for i in range(len(raw)) for j in range(7)]
    names += ["q-nope", "csrfmiddlewaretoken", "submission_token"]
    if draw(st.booleans()):  # noise: odd values, odd names, duplicated fields
        for key in draw(st.lists(st.one_of(st.sampled_from(names), _text), max_size=6)):
            data[key] = data.get(key, []) + draw(st.lists(_value, max_size=4))
    return QuizBlock().to_python(raw), MultiValueDict(data), draw(st.integers(min_value=1, max_value=100))


@settings(max_examples=500, deadline=None, database=None)
@given(quiz_and_submission())
def test_grading_never_raises(args):
    quiz, data, pass_mark = args
    outcome = grade_submission(quiz, data, pass_mark)
    assert isinstance(outcome, QuizOutcome)
    if outcome.is_valid:
        result = outcome.result
        assert 0 <= result.score <= result.max_score
        assert 0 <= result.percent <= 100
        assert result.passed is (result.percent >= pass_mark)
        json.dumps(result.as_data())
        typed = [q.given for q in result.questions if q.kind == "fill_in_blank"]
        assert all("\x00" not in text and 0 < len(text) <= 200 for text in typed)
    else:
        assert outcome.result is None and outcome.errors and outcome.message
        assert {q.id for q in outcome.form if q.error} == set(outcome.errors)
