"""Quiz forms and grading: pure functions over a lesson's quiz and a submitted form.

`build_form` turns the quiz StreamField into what the page shows: prompts and
options, never the right answers. `grade_submission` reads a submitted form
(any mapping with `getlist`, such as `request.POST`), checks that every
question was answered sensibly, and grades it. Nothing here touches the
database or the request, and `grade_submission` never raises, whatever the
form holds.

Scoring: every question is worth one point, all or nothing.

- single choice, true or false, fill in the blank: right or wrong;
- multiple choice: right only if exactly the right choices are ticked;
- matching: right only if every row is matched correctly.
"""

import unicodedata
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

MAX_TEXT_LENGTH = 200
"""The longest fill-in answer accepted, in characters."""


# What the form shows -------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One choice in the form: the submitted value, its label, and whether the learner picked it."""

    value: str
    label: str
    checked: bool = False


@dataclass(frozen=True)
class MatchingRow:
    """One left-hand item of a matching question, with its own select field."""

    index: int
    label: str
    field_name: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Question:
    """A question as the form shows it. It holds no right answers, by design.

    `options` are the radios or checkboxes (choice and true/false questions),
    `rows` the select fields of a matching question, `value` the text typed
    into a fill-in, and `error` what is wrong with the learner's answer.
    """

    id: str
    kind: str
    number: int
    prompt: str
    field_name: str
    options: tuple[Option, ...] = ()
    rows: tuple[MatchingRow, ...] = ()
    value: str = ""
    max_length: int | None = None
    error: str = ""

    @property
    def input_type(self):
        """The HTML control: "radio", "checkbox", "text" or "select"."""
        return _INPUT_TYPES[self.kind]

    @property
    def error_id(self):
        """The HTML id of this question's error message, for aria-describedby."""
        return f"{self.field_name}-error"


# What grading gives back ----------------------------------------------------


@dataclass
class QuestionResult:
    """How one question was answered: the learner's answer, the right one, and why."""

    id: str
    kind: str
    number: int
    prompt: str
    correct: bool
    score: int
    max_score: int
    given: object
    given_text: str
    correct_text: str
    explanation: str


@dataclass
class QuizResult:
    """A graded quiz. `percent` is rounded down; `passed` is percent >= pass_mark."""

    questions: list[QuestionResult]
    score: int
    max_score: int
    percent: int
    passed: bool
    pass_mark: int

    def as_data(self):
        """The result as a JSON-serialisable dict, for storing an attempt."""
        return asdict(self)


@dataclass
class QuizOutcome:
    """What `grade_submission` returns: a result when the form was complete, otherwise errors.

    `errors` maps question id to a message; `form` is the form again with the
    learner's answers filled in (and their errors), ready to re-render.
    """

    result: QuizResult | None
    errors: dict[str, str]
    message: str
    form: list[Question]
    answers: dict[str, object] = field(default_factory=dict)

    @property
    def is_valid(self):
        return not self.errors


# Reading submitted values --------------------------------------------------


def _text(value):
    """Stored block text as a plain string (a missing value is empty)."""
    return value if isinstance(value, str) else ""


def _clean(text):
    """Text with control and surrogate characters taken out (they cannot be stored) and spaces trimmed."""
    text = "".join(" " if char in "\t\r\n" else char for char in text)
    return "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cs")).strip()


def normalise(text):
    """Text as a fill-in answer is compared: NFC, case-folded, single-spaced, trimmed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _values(data, name):
    """The non-empty values submitted under `name`; anything that is not a string becomes None."""
    getlist = getattr(data, "getlist", None)
    if getlist is None:
        return []
    try:
        values = list(getlist(name))
    except Exception:  # a malformed mapping: treat it as one unreadable value
        return [None]
    strings = [value for value in values if isinstance(value, str)]
    return [value for value in strings if value] + [None] * (len(values) - len(strings))


def _messages():
    return {
        "missing": _("Please answer this question."),
        "unknown": _("Please choose one of the answers shown."),
        "one": _("Please give only one answer."),
        "too_long": _("Please write no more than %(count)d characters.") % {"count": MAX_TEXT_LENGTH},
        "rows": _("Please choose a match for every row."),
    }


# One handler per kind of question -----------------------------------------
#
# Each handler knows its block's prompt, the options the form shows, how to
# parse a submission into `given` (JSON-able) or an error key, and how to grade.


class _Handler:
    """What every kind of question shares: no options and no rows unless it says otherwise."""

    prompt_key = "prompt"

    def options(self, value, given):
        return ()

    def rows(self, value, name, given):
        return ()


class _Choice(_Handler):
    """Single choice: one radio per choice; the value is the choice's index."""

    prompt_key = "question"
    single = True

    def options(self, value, given):
        picked = set(given or ())
        return tuple(Option(str(i), _text(choice["text"]), i in picked) for i, choice in enumerate(value["choices"]))

    def parse(self, value, data, name):
        values = _values(data, name)
        indexes = {str(i): i for i in range(len(value["choices"]))}
        known = sorted({indexes[v] for v in values if v in indexes})
        if not values:
            return [], "missing"
        if len(values) > len(indexes) or any(v not in indexes for v in values):
            return known, "unknown"
        if self.single and len(values) > 1:
            return known, "one"
        return known, None

    def grade(self, value, given):
        choices = value["choices"]
        right = [i for i, choice in enumerate(choices) if choice["correct"]]
        texts = [_text(choice["text"]) for choice in choices]
        return sorted(given) == right, "; ".join(texts[i] for i in given), "; ".join(texts[i] for i in right)


class _MultipleChoice(_Choice):
    """Multiple choice: one checkbox per choice; right only if exactly the right set is ticked."""

    single = False


class _TrueFalse(_Handler):
    """True or false: two radios, "true" and "false"."""

    prompt_key = "statement"

    def _labels(self):
        return {"true": _("True"), "false": _("False")}

    def options(self, value, given):
        return tuple(Option(key, label, given == (key == "true")) for key, label in self._labels().items())

    def parse(self, value, data, name):
        values = _values(data, name)
        if not values:
            return None, "missing"
        if any(v not in ("true", "false") for v in values):
            return None, "unknown"
        if len(values) > 1:
            return None, "one"
        return values[0] == "true", None

    def grade(self, value, given):
        labels = self._labels()
        right = bool(value["is_true"])
        return given == right, labels[str(given).lower()], labels[str(right).lower()]


class _FillInBlank(_Handler):
    """Fill in the blank: a text box; any accepted answer counts (see `normalise`)."""

    def parse(self, value, data, name):
        values = _values(data, name)
        texts = [_clean(v) for v in values if v is not None]
        texts = [text for text in texts if text]
        if not texts:
            return "", "missing"
        if len(texts) > 1:
            return texts[0][:MAX_TEXT_LENGTH], "one"
        if len(texts[0]) > MAX_TEXT_LENGTH:
            return texts[0][:MAX_TEXT_LENGTH], "too_long"
        return texts[0], None

    def grade(self, value, given):
        accepted = [_text(answer) for answer in value["accepted_answers"]]
        right = normalise(given) in {normalise(answer) for answer in accepted if answer.strip()}
        return right, given, accepted[0] if accepted else ""


class _Matching(_Handler):
    """Matching: one select per left item, each listing every right item alphabetically.

    The option values are the right-hand texts themselves, so nothing in the
    form's order or values gives the pairing away. Right only if every row is.
    """

    prompt_key = "prompt"

    def choices(self, value):
        rights = {_text(pair["right"]) for pair in value["pairs"]}
        return sorted(rights, key=lambda text: (text.casefold(), text))

    def rows(self, value, name, given):
        given = given or {}
        choices = self.choices(value)
        return tuple(
            MatchingRow(
                i,
                _text(pair["left"]),
                f"{name}-{i}",
                tuple(Option(text, text, given.get(str(i)) == text) for text in choices),
            )
            for i, pair in enumerate(value["pairs"])
        )

    def parse(self, value, data, name):
        choices = set(self.choices(value))
        given, error = {}, None
        for i in range(len(value["pairs"])):
            values = _values(data, f"{name}-{i}")
            if len(values) == 1 and values[0] in choices:
                given[str(i)] = values[0]
            elif not values:
                error = error or "rows"
            else:
                error = "unknown"
        return given, error

    def grade(self, value, given):
        pairs = [(_text(pair["left"]), _text(pair["right"])) for pair in value["pairs"]]
        right = all(given.get(str(i)) == answer for i, (_left, answer) in enumerate(pairs))
        given_text = "; ".join(f"{left} → {given.get(str(i), '')}" for i, (left, _right) in enumerate(pairs))
        return right, given_text, "; ".join(f"{left} → {answer}" for left, answer in pairs)


_HANDLERS = {
    "single_choice": _Choice(),
    "multiple_choice": _MultipleChoice(),
    "true_false": _TrueFalse(),
    "fill_in_blank": _FillInBlank(),
    "matching": _Matching(),
}

_INPUT_TYPES = {
    "single_choice": "radio",
    "multiple_choice": "checkbox",
    "true_false": "radio",
    "fill_in_blank": "text",
    "matching": "select",
}


def _questions(quiz_stream):
    """(number, id, kind, value, handler) for every question of a kind we know, numbered from 1."""
    known = [child for child in quiz_stream if child.block_type in _HANDLERS]
    for number, child in enumerate(known, start=1):
        yield number, str(child.id or number), child.block_type, child.value, _HANDLERS[child.block_type]


def _field_name(question_id):
    return f"q-{question_id}"


# The public functions -------------------------------------------------------


def build_form(quiz_stream, answers=None, errors=None):
    """The questions the page's form shows, without their answers.

    `answers` maps question id to the learner's parsed answer (the `given`
    of `grade_submission`) to fill the form in again; `errors` maps question
    id to a message shown with that question.
    """
    answers, errors = answers or {}, errors or {}
    form = []
    for number, question_id, kind, value, handler in _questions(quiz_stream):
        name = _field_name(question_id)
        given = answers.get(question_id)
        form.append(
            Question(
                id=question_id,
                kind=kind,
                number=number,
                prompt=_text(value[handler.prompt_key]),
                field_name=name,
                options=handler.options(value, given),
                rows=handler.rows(value, name, given),
                value=given if kind == "fill_in_blank" and isinstance(given, str) else "",
                max_length=MAX_TEXT_LENGTH if kind == "fill_in_blank" else None,
                error=errors.get(question_id, ""),
            )
        )
    return form


def grade_submission(quiz_stream, data, pass_mark):
    """Check and grade a submitted quiz form; see the module docstring for the scoring.

    `data` is a mapping with `getlist` (request.POST). Fields that are not
    questions of this quiz are ignored. If any question is unanswered or
    its answer cannot be one the form offered, the outcome carries errors
    and the form to show again instead of a result. Never raises.
    """
    messages = _messages()
    answers, errors, parsed = {}, {}, []
    for number, question_id, kind, value, handler in _questions(quiz_stream):
        given, error = handler.parse(value, data, _field_name(question_id))
        answers[question_id] = given
        if error:
            errors[question_id] = messages[error]
        parsed.append((number, question_id, kind, value, handler, given))
    if errors:
        message = _("Please answer every question.")
        return QuizOutcome(None, errors, message, build_form(quiz_stream, answers, errors), answers)
    results = [_grade_one(*item) for item in parsed]
    return QuizOutcome(_result(results, pass_mark), {}, "", build_form(quiz_stream, answers), answers)


def _grade_one(number, question_id, kind, value, handler, given):
    correct, given_text, correct_text = handler.grade(value, given)
    return QuestionResult(
        id=question_id,
        kind=kind,
        number=number,
        prompt=_text(value[handler.prompt_key]),
        correct=correct,
        score=int(correct),
        max_score=1,
        given=given,
        given_text=given_text,
        correct_text=correct_text,
        explanation=_text(value["explanation"]),
    )


def _result(questions, pass_mark):
    score = sum(question.score for question in questions)
    max_score = sum(question.max_score for question in questions)
    percent = score * 100 // max_score if max_score else 100
    return QuizResult(questions, score, max_score, percent, percent >= pass_mark, pass_mark)
