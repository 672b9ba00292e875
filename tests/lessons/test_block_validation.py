"""Block rules an editor meets in the admin: each refuses bad content with a message on the right field.

These used to raise a name that Wagtail 8 does not have (blocks.BlockValidationError), which turned the
editor's mistake into a server error instead of a message.
"""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from lessons.blocks import CalloutBlock
from lessons.quiz_blocks import MatchingQuestionBlock, MultipleChoiceQuestionBlock, SingleChoiceQuestionBlock


def choices(*marks):
    return [{"text": f"Choice {number}", "correct": mark} for number, mark in enumerate(marks, start=1)]


def refused(block, data):
    """Clean data through the block as the admin would and return {field: message}."""
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(data))
    return {name: error.messages[0] for name, error in caught.value.block_errors.items()}


def question(marks):
    return {"question": "Which one?", "choices": choices(*marks), "explanation": "Because."}


@pytest.mark.parametrize("marks", [(False, False), (True, True, False)])
def test_single_choice_needs_exactly_one_right_answer(marks):
    assert refused(SingleChoiceQuestionBlock(), question(marks)) == {"choices": "Mark exactly one choice as right."}


def test_single_choice_with_one_right_answer_is_accepted():
    block = SingleChoiceQuestionBlock()
    assert block.clean(block.to_python(question((False, True))))["choices"][1]["correct"] is True


def test_multiple_choice_needs_a_right_answer():
    block = MultipleChoiceQuestionBlock()
    assert refused(block, question((False, False))) == {"choices": "Mark at least one choice as right."}
    assert len(block.clean(block.to_python(question((True, True))))["choices"]) == 2


def test_matching_pairs_need_different_right_hand_items():
    pairs = [{"left": "rent", "right": "월세"}, {"left": "lease", "right": " 월세 "}]
    data = {"prompt": "Match", "pairs": pairs, "explanation": "Rent is paid monthly; a lease is the contract."}
    assert refused(MatchingQuestionBlock(), data) == {"pairs": "Each pair needs a different right-hand item."}


def test_a_comparison_needs_both_sides_and_a_tip_needs_text():
    compare = {"kind": "compare", "in_north_korea": "Rations", "in_the_us": ""}
    assert refused(CalloutBlock(), compare) == {"in_the_us": "A comparison needs both sides."}
    assert refused(CalloutBlock(), {"kind": "tip", "text": ""}) == {"text": "A tip or a warning needs text."}
