"""Question blocks: what a lesson's quiz is made of.

Each question carries an explanation shown after the learner submits. The
correct answers stored here never reach the browser before submission: the
public page renders questions through lessons/quiz.py, which leaves them out.
Block templates here are the editor's preview only and do show the answers.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

EXPLANATION_HELP = _("Shown after the learner answers: why the right answer is right, in one or two sentences.")


QUESTION_LABEL = _("Question")


def _question_field(label=QUESTION_LABEL):
    return blocks.TextBlock(label=label, max_length=400)


def _explanation_field():
    return blocks.TextBlock(label=_("Explanation"), max_length=600, help_text=EXPLANATION_HELP)


class ChoiceOptionBlock(blocks.StructBlock):
    """One answer a learner can choose, and whether it is right."""

    text = blocks.CharBlock(label=_("Answer"), max_length=200)
    correct = blocks.BooleanBlock(label=_("Right answer"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class _ChoiceQuestionBlock(blocks.StructBlock):
    question = _question_field()
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("Choices"), min_num=2, max_num=8)
    explanation = _explanation_field()

    def _count_correct(self, value):
        return sum(1 for choice in value["choices"] if choice["correct"])


class SingleChoiceQuestionBlock(_ChoiceQuestionBlock):
    """A question with one right answer among several choices."""

    def clean(self, value):
        value = super().clean(value)
        if self._count_correct(value) != 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark exactly one choice as right."))}
            )
        return value

    class Meta:
        icon = "radio-full"
        template = "lessons/quiz_blocks/editor_preview.html"
        label = _("Single choice")
        description = _("A question with several choices and one right answer.")
        preview_value = {
            "question": "Which account is best for paying rent and bills?",
            "choices": [{"text": "Checking account", "correct": True}, {"text": "Savings account", "correct": False}],
            "explanation": "A checking account is made for everyday payments.",
        }


class MultipleChoiceQuestionBlock(_ChoiceQuestionBlock):
    """A question where the learner ticks every right answer (one or more)."""

    def clean(self, value):
        value = super().clean(value)
        if self._count_correct(value) < 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one choice as right."))}
            )
        return value

    class Meta:
        icon = "tick-inverse"
        template = "lessons/quiz_blocks/editor_preview.html"
        label = _("Multiple choice")
        description = _("A question where the learner ticks every right answer.")
        preview_value = {
            "question": "Which can you use as photo ID at a bank?",
            "choices": [
                {"text": "A state ID card", "correct": True},
                {"text": "A passport", "correct": True},
                {"text": "A library card", "correct": False},
            ],
            "explanation": "Banks accept government-issued photo ID, such as a state ID or a passport.",
        }


class TrueFalseQuestionBlock(blocks.StructBlock):
    """A statement the learner marks true or false."""

    statement = _question_field(_("Statement"))
    is_true = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    explanation = _explanation_field()

    class Meta:
        icon = "radio-empty"
        template = "lessons/quiz_blocks/editor_preview.html"
        label = _("True or false")
        description = _("A statement the learner marks as true or false.")
        preview_value = {
            "statement": "You should tell your PIN to a bank employee who calls you.",
            "is_true": False,
            "explanation": "A real bank never asks for your PIN. Hang up and call the number on your card.",
        }


class FillInBlankQuestionBlock(blocks.StructBlock):
    """A sentence with a gap; any accepted answer counts, ignoring case and extra spaces."""

    prompt = _question_field(_("Sentence"))
    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(label=_("Accepted answer"), max_length=100),
        label=_("Accepted answers"),
        min_num=1,
        help_text=_("Every answer that should count as right. Case and extra spaces are ignored."),
    )
    explanation = _explanation_field()

    class Meta:
        icon = "edit"
        template = "lessons/quiz_blocks/editor_preview.html"
        label = _("Fill in the blank")
        description = _("A sentence with a gap (write ___ where it goes) and the answers that count.")
        preview_value = {
            "prompt": "The money you pay before moving in, and get back later, is a security ___.",
            "accepted_answers": ["deposit"],
            "explanation": "A security deposit protects the landlord against damage; you get it back if there is none.",
        }


class MatchingPairBlock(blocks.StructBlock):
    """Two things that belong together."""

    left = blocks.CharBlock(label=_("Left"), max_length=150)
    right = blocks.CharBlock(label=_("Matches"), max_length=150)

    class Meta:
        icon = "link"
        label = _("Pair")


class MatchingQuestionBlock(blocks.StructBlock):
    """Pairs to match: each left item has one right item."""

    prompt = _question_field(_("Instructions"))
    pairs = blocks.ListBlock(MatchingPairBlock(), label=_("Pairs"), min_num=2, max_num=8)
    explanation = _explanation_field()

    def clean(self, value):
        value = super().clean(value)
        rights = [pair["right"].strip().casefold() for pair in value["pairs"]]
        if len(set(rights)) != len(rights):
            raise StructBlockValidationError(
                block_errors={"pairs": ValidationError(_("Each pair needs a different right-hand item."))}
            )
        return value

    class Meta:
        icon = "link"
        template = "lessons/quiz_blocks/editor_preview.html"
        label = _("Matching")
        description = _("Pairs the learner matches, e.g. English words with their Korean.")
        preview_value = {
            "prompt": "Match each word with its meaning.",
            "pairs": [{"left": "rent", "right": "월세"}, {"left": "deposit", "right": "보증금"}],
            "explanation": "Rent is paid every month; the deposit is paid once and returned later.",
        }


class QuizBlock(blocks.StreamBlock):
    """A lesson's quiz: questions of any kind, in order."""

    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    fill_in_blank = FillInBlankQuestionBlock()
    matching = MatchingQuestionBlock()

    class Meta:
        block_counts = {}
