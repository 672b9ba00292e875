"""What editors get: help text, block descriptions and previews, admin pages, preview with the quiz."""

import pytest
from django.db import models

from core.blocks import FeatureListBlock
from core.models import HomePage
from lessons.blocks import LessonBodyBlock
from lessons.models import AudioClip, CourseIndexPage, CoursePage, GlossaryTerm, LessonPage, ModulePage
from lessons.quiz_blocks import QuizBlock
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

PAGE_MODELS = [HomePage, CourseIndexPage, CoursePage, ModulePage, LessonPage]


@pytest.mark.parametrize("model", [*PAGE_MODELS, GlossaryTerm, AudioClip])
def test_every_editable_field_has_help_text(model):
    own_fields = [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and f.model is model and f.editable and not f.auto_created and f.name != "id"
    ]
    assert own_fields
    for field in own_fields:
        assert field.help_text, f"{model.__name__}.{field.name} has no help text"


@pytest.mark.parametrize("stream", [LessonBodyBlock, QuizBlock, FeatureListBlock])
def test_every_block_describes_and_previews_itself(stream):
    for name, block in stream.base_blocks.items():
        meta = block.meta
        assert meta.icon, name
        assert meta.template, name
        assert meta.description, name
        assert meta.preview_value, name


@pytest.mark.django_db
def test_preview_shows_the_lesson_and_its_quiz():
    lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
    lesson.title = "Draft title"
    response = lesson.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Draft title" in html and "Check my answers" in html


@pytest.mark.django_db
def test_editor_can_open_the_lesson_editor_and_the_glossary_admin(client, editor):
    lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
    client.force_login(editor)
    assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/lessons/lessonpage/{lesson.get_parent().pk}/").status_code == 200
    assert client.get("/admin/snippets/lessons/glossaryterm/").status_code == 200
    assert client.get("/admin/snippets/lessons/glossaryterm/add/").status_code == 200
    assert client.get("/admin/snippets/lessons/audioclip/add/").status_code == 200


@pytest.mark.django_db
def test_editor_can_translate_a_lesson(client, editor):
    lesson = make_lesson(make_module(make_course()), quiz=SAMPLE_QUIZ)
    client.force_login(editor)
    response = client.get(f"/admin/localize/submit/page/{lesson.pk}/")
    assert response.status_code == 200
    assert "한국어" in response.content.decode() or "Korean" in response.content.decode()


@pytest.mark.django_db
def test_learners_cannot_open_the_admin(client, learner):
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
