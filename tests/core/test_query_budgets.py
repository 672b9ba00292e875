"""Exact query budgets for the main pages, anonymous and signed in (issue 7, item 5).

The numbers are exact so that a change in either direction is noticed: more
queries need a reason, fewer should lower the budget here. Whether they stay
flat as content grows is tested beside each page (tests/lessons/test_pages.py,
tests/lessons/test_lesson_quiz.py, tests/progress/test_concurrency_and_queries.py).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from progress import services
from progress.models import Assignment, LearnerGroup
from tests.factories import UserFactory
from tests.lessons.sample_blocks import every_block
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    course = make_course(title="Money basics")
    module = make_module(course, title="Banking")
    body = every_block()
    lessons = [make_lesson(module, body=body, quiz=SAMPLE_QUIZ) for _ in range(3)]
    return {"course": course, "module": module, "lessons": lessons}


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def urls(content, language):
    return {
        "home": f"/{language}/",
        "courses": f"/{language}/courses/",
        "course": content["course"].url.replace("/en/", f"/{language}/", 1),
        "module": content["module"].url.replace("/en/", f"/{language}/", 1),
        "lesson": content["lessons"][1].url.replace("/en/", f"/{language}/", 1),
    }


# With every cache empty (after a deploy or a publish): routing, rendering each block, storing.
COLD = {
    "en": {"home": 11, "courses": 17, "course": 20, "module": 21, "lesson": 29},
    "ko": {"home": 12, "courses": 20, "course": 26, "module": 26, "lesson": 34},
}


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("page", ["home", "courses", "course", "module", "lesson"])
def test_anonymous_pages(client, content, language, page):
    """Before: 5 (home), 14 (/ko/courses/), 21 (course), 21 (module), 24 (lesson) on every visit."""
    url = urls(content, language)[page]
    cache.clear()
    assert queries(client, url) == COLD[language][page]
    assert queries(client, url) == 0  # then served whole from the shared cache


# The session with its account (and the account's two-factor and tutor flags: accounts/signed_in.py) in one query,
# and the learner's own progress; routing and the lesson's frame come from the cache (core/page_frames.py). The
# lesson's 2 are the session with its account, and the learner's progress on the lesson, which also tells that they
# have ticked none of its checklist's steps.
SIGNED_IN = {"home": 1, "courses": 6, "course": 8, "module": 6, "lesson": 2}


@pytest.mark.parametrize("page", ["home", "courses", "course", "module", "lesson"])
def test_signed_in_learner_pages(client, content, page):
    """Before: 35 for the lesson page (7 before the attempt list and completion came from one progress row,
    6 before the user was loaded with its two-factor and tutor flags, 3 before the session was read with its
    account)."""
    learner = UserFactory(groups=["Learners"])
    lesson = content["lessons"][1]
    services.record_quiz_result(learner, lesson, graded(lesson))
    client.force_login(learner)
    url = urls(content, "en")[page]
    client.get(url)
    assert queries(client, url) == SIGNED_IN[page]


def test_a_learner_with_ticks_on_the_lesson_has_them_read_in_one_more_query(client, content):
    learner = UserFactory(groups=["Learners"])
    lesson = content["lessons"][1]
    block = next(block for block in lesson.body if block.block_type == "checklist")
    client.force_login(learner)
    url = urls(content, "en")["lesson"]
    client.get(url)
    assert services.save_checklist_ticks(learner, lesson, block.id, {0})
    assert queries(client, url) == SIGNED_IN["lesson"] + 1
    assert 'value="0" checked' in client.get(url).content.decode()


def test_my_learning_review_and_tutor_dashboard(client, content):
    """Before: 19, 5 and 11 (My learning 18 until its course tree and site came from the cache; all three lost
    the two-factor device and group queries when the user came to be loaded with both flags, and one more
    when the session came to be read with its account)."""
    learner = UserFactory(groups=["Learners"])
    tutor = UserFactory(groups=["Tutors"])
    group = LearnerGroup.objects.create(name="Tuesday")
    group.tutors.add(tutor)
    group.learners.add(learner)
    Assignment.objects.create(
        group=group, module_key=content["module"].translation_key, module_title="Banking", assigned_by=tutor
    )
    for lesson in content["lessons"]:
        services.record_quiz_result(learner, lesson, graded(lesson))
    client.force_login(learner)
    for url, budget in [("/en/learning/", 12), ("/en/learning/review/", 3)]:
        client.get(url)
        assert queries(client, url) == budget, url
    client.force_login(tutor)
    url = reverse("tutor:group", args=[group.pk])
    client.get(url)
    assert queries(client, url) == 9
