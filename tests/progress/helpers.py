"""Helpers for the progress tests: answer a quiz right or wrong."""

from django.utils.datastructures import MultiValueDict

from lessons.quiz import grade_submission


def answers(lesson, right=True):
    """Form data answering every question of the lesson's quiz, all right or all wrong."""
    data = {}
    for block in lesson.quiz:
        name = f"q-{block.id}"
        value = block.value
        if block.block_type in ("single_choice", "multiple_choice"):
            chosen = [str(i) for i, c in enumerate(value["choices"]) if c["correct"] == right]
            data[name] = chosen[:1] if block.block_type == "single_choice" else chosen
        elif block.block_type == "true_false":
            data[name] = ["true" if value["is_true"] == right else "false"]
        elif block.block_type == "fill_in_blank":
            data[name] = [value["accepted_answers"][0] if right else "wrong answer"]
        elif block.block_type == "matching":
            rights = [pair["right"] for pair in value["pairs"]]
            for index, _pair in enumerate(value["pairs"]):
                data[f"{name}-{index}"] = [rights[index] if right else rights[index - 1]]
    return data


def graded(lesson, right=True):
    return grade_submission(lesson.quiz, MultiValueDict(answers(lesson, right)), lesson.pass_mark).result
