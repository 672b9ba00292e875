"""Page-tree builders for the tests."""

import itertools
import uuid

from wagtail.models import Locale

from core.models import HomePage
from lessons.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

_counter = itertools.count(1)


def english_home():
    return HomePage.objects.get(locale__language_code="en")


def course_index(language="en"):
    return CourseIndexPage.objects.get(locale__language_code=language)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_course(title=None, topic="money", parent=None, **fields):
    n = next(_counter)
    fields.setdefault("summary", "What you will be able to do after this course.")
    return _publish(parent or course_index(), CoursePage(title=title or f"Course {n}", topic=topic, **fields))


def make_module(course, title=None, **fields):
    n = next(_counter)
    fields.setdefault("summary", "A short module.")
    return _publish(course, ModulePage(title=title or f"Module {n}", **fields))


def make_lesson(module, title=None, body=None, quiz=None, live=True, **fields):
    """A lesson under `module`. body and quiz are lists of (block_type, value) or raw stream data."""
    n = next(_counter)
    fields.setdefault("intro", "What this lesson is about.")
    page = LessonPage(
        title=title or f"Lesson {n}",
        body=body if body is not None else [("paragraph", "<p>Some teaching text.</p>")],
        quiz=quiz if quiz is not None else [],
        **fields,
    )
    module.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save()
    return page


def make_course_tree(modules=1, lessons=3, **lesson_fields):
    """A published course with `modules` modules of `lessons` lessons each."""
    course = make_course()
    for _ in range(modules):
        module = make_module(course)
        for _ in range(lessons):
            make_lesson(module, **lesson_fields)
    return course


def quiz_data(*questions):
    """Raw StreamField data for a quiz, each question a (type, value) pair, with fixed ids."""
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in questions]


SAMPLE_QUIZ = [
    (
        "single_choice",
        {
            "question": "Which account is best for paying rent and bills?",
            "choices": [{"text": "Checking account", "correct": True}, {"text": "Savings account", "correct": False}],
            "explanation": "A checking account is made for everyday payments.",
        },
    ),
    (
        "true_false",
        {
            "statement": "A real bank may call and ask for your PIN.",
            "is_true": False,
            "explanation": "A real bank never asks for your PIN.",
        },
    ),
    (
        "fill_in_blank",
        {
            "prompt": "The money you pay before moving in is a security ___.",
            "accepted_answers": ["deposit"],
            "explanation": "A security deposit is returned if there is no damage.",
        },
    ),
]


def korean():
    return Locale.objects.get(language_code="ko")
