"""Editors' lesson statistics: counts and averages, questions answered wrong, the admin report, who may see it."""

import copy

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.datastructures import MultiValueDict

from lessons import quiz
from progress.services import record_lesson_opened, record_quiz_result
from progress.statistics import lesson_statistics, question_statistics
from tests.factories import UserFactory
from tests.utils import SAMPLE_QUIZ, korean, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/reports/lesson-statistics/"

RIGHT = {"single": "0", "tf": "false", "fill": "deposit"}


def detail_url(lesson):
    return f"{LIST_URL}{lesson.pk}/"


@pytest.fixture
def lesson():
    return make_lesson(
        make_module(make_course(title="Money basics"), title="Banks"), title="Paying rent", quiz=SAMPLE_QUIZ
    )


def new_learner(name):
    """A learner with a distinctive username, so that the tests can look for it in pages."""
    return UserFactory(username=f"learner-{name}-zq", groups=["Learners"])


def take_quiz(user, lesson, **answers):
    """Record one graded attempt; answers override RIGHT by question (single, tf, fill)."""
    given = {**RIGHT, **answers}
    ids = [child.id for child in lesson.quiz]
    data = MultiValueDict(
        {f"q-{ids[0]}": [given["single"]], f"q-{ids[1]}": [given["tf"]], f"q-{ids[2]}": [given["fill"]]}
    )
    outcome = quiz.grade_submission(lesson.quiz, data, lesson.pass_mark)
    assert outcome.is_valid
    return record_quiz_result(user, lesson, outcome.result, "")[0]


@pytest.fixture
def class_of_four(lesson):
    """Four learners: two pass (one at the second try), one fails, one only opened the lesson."""
    ana, bo, chul, dae = (new_learner(name) for name in ("ana", "bo", "chul", "dae"))
    take_quiz(ana, lesson)  # 100
    take_quiz(bo, lesson, fill="fee")  # 66: not passed
    take_quiz(bo, lesson)  # 100
    take_quiz(chul, lesson, single="1", fill="Fee ")  # 33
    record_lesson_opened(dae, lesson)
    return [ana, bo, chul, dae]


# Counting ---------------------------------------------------------------------------------------


def test_lesson_statistics_counts_learners_and_averages_best_scores(lesson, class_of_four):
    other = make_lesson(lesson.get_parent().specific, quiz=SAMPLE_QUIZ)
    stats, empty = lesson_statistics([lesson, other])

    assert stats.lesson == lesson
    assert (stats.course_title, stats.module_title) == ("Money basics", "Banks")
    assert (stats.started, stats.completed, stats.quiz_takers, stats.attempts) == (4, 2, 3, 4)
    assert stats.completion_percent == 50
    assert stats.average_best_percent == round((100 + 100 + 33) / 3)  # best per learner: 78
    assert (empty.started, empty.completed, empty.attempts) == (0, 0, 0)
    assert empty.completion_percent is None and empty.average_best_percent is None


def test_lesson_statistics_keeps_the_order_given_and_accepts_nothing(lesson):
    other = make_lesson(lesson.get_parent().specific)
    assert [s.lesson for s in lesson_statistics([other, lesson])] == [other, lesson]
    assert lesson_statistics([]) == []


def test_question_statistics_puts_the_most_wrong_question_first(lesson, class_of_four):
    questions = question_statistics(lesson)

    assert [q.number for q in questions] == [3, 1, 2]
    fill, single, true_false = questions
    assert fill.prompt == "The money you pay before moving in is a security ___."
    assert (fill.answered, fill.wrong, fill.wrong_percent) == (4, 2, 50)
    # "fee" and "Fee " are one answer (compared as the quiz grades them), shown as first typed.
    assert (fill.common_wrong_answer, fill.common_wrong_count) == ("fee", 2)
    assert (single.wrong, single.wrong_percent, single.common_wrong_answer) == (1, 25, "Savings account")
    assert (true_false.wrong, true_false.wrong_percent, true_false.common_wrong_answer) == (0, 0, "")


def test_most_common_wrong_answer_wins(lesson):
    for name, answer in [("a", "fee"), ("b", "rent"), ("c", "rent"), ("d", "deposit")]:
        take_quiz(new_learner(name), lesson, fill=answer)
    fill = question_statistics(lesson)[0]
    assert (fill.number, fill.common_wrong_answer, fill.common_wrong_count, fill.wrong) == (3, "rent", 2, 3)


def test_answers_in_korean_count_with_english_ones(lesson):
    ko = lesson.copy_for_translation(korean(), copy_parents=True)
    data = copy.deepcopy(list(lesson.quiz.raw_data))
    data[0]["value"]["choices"][1]["text"] = "저축 계좌"
    ko.quiz = data
    ko.save()
    ko.refresh_from_db()
    assert ko.translation_key == lesson.translation_key

    take_quiz(new_learner("en"), lesson, single="1")
    take_quiz(new_learner("ko1"), ko, single="1")
    take_quiz(new_learner("ko2"), ko, single="1", tf="true")

    [stats] = lesson_statistics([lesson])
    assert (stats.started, stats.attempts) == (3, 3)
    single = question_statistics(lesson)[0]
    assert single.number == 1
    # One answer three times, shown in the source language.
    assert (single.common_wrong_answer, single.common_wrong_count) == ("Savings account", 3)
    true_false = next(q for q in question_statistics(lesson) if q.kind == "true_false")
    assert true_false.common_wrong_answer == "True"


def test_removed_questions_are_listed_last_with_their_recorded_prompt(lesson):
    take_quiz(new_learner("a"), lesson, tf="true")
    data = list(lesson.quiz.raw_data)
    lesson.quiz = [data[0], data[2]]  # the true/false question is removed
    lesson.save_revision().publish()
    lesson.refresh_from_db()

    questions = question_statistics(lesson)
    assert [q.in_quiz for q in questions] == [True, True, False]
    removed = questions[-1]
    assert removed.prompt == "A real bank may call and ask for your PIN."
    assert (removed.answered, removed.wrong, removed.number) == (1, 1, None)


def test_malformed_answers_are_skipped(lesson):
    attempt = take_quiz(new_learner("a"), lesson, fill="fee")
    attempt.answers = attempt.answers + ["not a question", {"no": "id"}]
    attempt.save()
    assert [(q.number, q.wrong) for q in question_statistics(lesson)] == [(3, 1), (1, 0), (2, 0)]


# The admin report -------------------------------------------------------------------------------


def test_report_pages_show_figures_but_no_learner(client, editor, lesson, class_of_four):
    client.force_login(editor)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Paying rent" in html and "Money basics" in html and "Banks" in html
    assert detail_url(lesson) in html
    assert "78%" in html and "50%" in html

    detail = client.get(detail_url(lesson))
    assert detail.status_code == 200
    detail_html = detail.content.decode()
    assert "The money you pay before moving in is a security ___." in detail_html
    assert "Savings account" in detail_html and "fee" in detail_html

    for page in (html, detail_html):
        for learner in class_of_four:
            assert learner.username not in page
            assert f"/users/{learner.pk}/" not in page


def test_report_hides_the_question_breakdown_below_three_learners(client, editor, lesson):
    take_quiz(new_learner("a"), lesson, fill="my-secret-answer")
    take_quiz(new_learner("b"), lesson)
    client.force_login(editor)
    html = client.get(detail_url(lesson)).content.decode()
    assert "Figures for each question appear once at least 3 learners" in html
    assert "my-secret-answer" not in html
    assert "Took the quiz" in html


def test_detail_of_a_korean_page_shows_the_english_source(client, editor, lesson):
    ko = lesson.copy_for_translation(korean(), copy_parents=True)
    client.force_login(editor)
    response = client.get(detail_url(ko))
    assert response.status_code == 200
    assert "Paying rent" in response.content.decode()
    assert client.get(f"{LIST_URL}999999/", follow=True).status_code == 404


def test_report_lists_only_source_lessons_in_course_order(client, editor, lesson):
    later = make_lesson(lesson.get_parent().specific, title="Reading a lease")
    lesson.copy_for_translation(korean(), copy_parents=True)
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    assert html.index("Paying rent") < html.index("Reading a lease")
    assert html.count(detail_url(lesson)) == 1 and detail_url(later) in html


def test_report_exports_csv_without_learners(client, editor, lesson, class_of_four):
    client.force_login(editor)
    response = client.get(LIST_URL, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Lesson,Course,Module,Started,Completed" in text
    assert "Paying rent,Money basics,Banks,4,2,50,3,78,4" in text
    assert not any(learner.username in text for learner in class_of_four)


@pytest.mark.parametrize("group", ["Editors", "Moderators", None])
def test_editors_moderators_and_superusers_may_see_the_report(client, lesson, group):
    user = UserFactory(groups=[group]) if group else UserFactory(is_superuser=True)
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 200
    assert client.get(detail_url(lesson)).status_code == 200
    assert '"url": "/admin/reports/lesson-statistics/"' in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, lesson):
    for url in (LIST_URL, detail_url(lesson)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("role", ["learner", "tutor"])
def test_learners_and_tutors_are_refused(client, request, lesson, class_of_four, role):
    client.force_login(request.getfixturevalue(role))
    for url in (LIST_URL, detail_url(lesson)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Paying rent" not in response.content.decode()
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


def test_other_admin_users_are_refused_and_see_no_menu_item(client, lesson):
    """Someone who may use the admin but is not an editor (a tutor given admin access, say)."""
    user = UserFactory(groups=["Tutors"])
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (LIST_URL, detail_url(lesson)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "Paying rent" not in response.content.decode()
    assert '"url": "/admin/reports/lesson-statistics/"' not in client.get("/admin/").content.decode()


def count_list_queries(client, lessons):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert all(detail_url(lesson) in html for lesson in lessons)
    return len(queries)


def test_list_query_count_does_not_grow_with_lessons(client, editor):
    module = make_module(make_course())
    learners = [new_learner(name) for name in ("a", "b")]
    lessons = []
    client.force_login(editor)
    counts = []
    for total in (2, 10):
        while len(lessons) < total:
            lesson = make_lesson(module, quiz=SAMPLE_QUIZ)
            for learner in learners:
                take_quiz(learner, lesson, fill="fee")
            lessons.append(lesson)
        client.get(LIST_URL)  # warm per-process caches (content types, site root)
        counts.append(count_list_queries(client, lessons))
    assert counts[0] == counts[1]
