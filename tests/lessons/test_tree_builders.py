"""The page-tree builders the lessons tests rely on."""

import pytest

from lessons.models import LessonPage
from tests.utils import SAMPLE_QUIZ, make_course_tree

pytestmark = pytest.mark.django_db


def test_make_course_tree_publishes_every_page():
    course = make_course_tree(modules=2, lessons=2, quiz=SAMPLE_QUIZ)
    lessons = LessonPage.objects.descendant_of(course)
    assert lessons.count() == 4
    assert all(lesson.live for lesson in lessons)
    assert [block.block_type for block in lessons.first().quiz] == ["single_choice", "true_false", "fill_in_blank"]
