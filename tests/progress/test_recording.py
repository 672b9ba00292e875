"""Recording: opening lessons, quiz attempts, completion, one-time tokens, roll-ups, resume, certificates."""

import datetime
import uuid

import pytest

from progress import services
from progress.dashboard import my_learning
from progress.models import Certificate, LearningDay, LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.progress.helpers import answers, graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = make_course(title="Money basics")
    first = make_module(course, title="Accounts")
    second = make_module(course, title="Cards")
    for module in (first, second):
        make_lesson(module, quiz=SAMPLE_QUIZ)
        make_lesson(module, quiz=SAMPLE_QUIZ)
    make_lesson(second, title="Reading only", quiz=[])
    return course


def lessons_of(course):
    from lessons.models import LessonPage

    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


def test_opening_a_lesson_records_it_for_learners_only(client, learner, course):
    lesson = lessons_of(course)[0]
    client.get(lesson.url)
    assert not LessonProgress.objects.exists()
    client.force_login(learner)
    client.get(lesson.url)
    client.get(lesson.url)
    row = LessonProgress.objects.get()
    assert row.learner == learner and row.lesson_key == lesson.translation_key and row.lesson_title == lesson.title
    assert row.first_opened_at <= row.last_opened_at and row.completed_at is None
    assert LearningDay.objects.filter(learner=learner).count() == 1


def test_opening_the_korean_page_counts_for_the_same_lesson(client, learner, course):
    lesson = lessons_of(course)[0]
    client.force_login(learner)
    client.get(lesson.url)
    client.get(lesson.url.replace("/en/", "/ko/", 1))
    assert LessonProgress.objects.count() == 1


def test_preview_records_nothing(editor, course):
    lesson = lessons_of(course)[0]
    request_response = lesson.make_preview_request()
    assert request_response.status_code == 200
    assert not LessonProgress.objects.exists()


def test_passing_the_quiz_completes_the_lesson(client, learner, course):
    lesson = lessons_of(course)[0]
    client.force_login(learner)
    html = client.post(lesson.url, {**answers(lesson, right=False), "submission_token": str(uuid.uuid4())}).content
    row = LessonProgress.objects.get()
    assert row.completed_at is None and row.attempt_count == 1 and row.best_percent == 0
    assert "Saved to your progress." in html.decode()
    client.post(lesson.url, {**answers(lesson), "submission_token": str(uuid.uuid4())})
    row.refresh_from_db()
    assert row.completed_at is not None and row.attempt_count == 2 and row.best_percent == 100
    attempt = QuizAttempt.objects.filter(passed=True).get()
    assert attempt.score == attempt.max_score == 3
    assert "✓" in attempt.answers_text and attempt.answers[0]["correct"] is True
    # A later failed attempt does not undo completion or lower the best score.
    client.post(lesson.url, {**answers(lesson, right=False), "submission_token": str(uuid.uuid4())})
    row.refresh_from_db()
    assert row.completed_at is not None and row.best_percent == 100 and row.attempt_count == 3


def test_a_resubmitted_form_is_recorded_once(client, learner, course):
    lesson = lessons_of(course)[0]
    client.force_login(learner)
    data = {**answers(lesson), "submission_token": str(uuid.uuid4())}
    client.post(lesson.url, data)
    html = client.post(lesson.url, data).content.decode()
    assert "were already saved" in html
    assert QuizAttempt.objects.count() == 1
    assert LessonProgress.objects.get().attempt_count == 1


def test_service_is_idempotent_per_token(learner, course):
    lesson = lessons_of(course)[0]
    token = uuid.uuid4()
    first, created = services.record_quiz_result(learner, lesson, graded(lesson), token)
    again, created_again = services.record_quiz_result(learner, lesson, graded(lesson), str(token))
    assert created and not created_again and first.pk == again.pk


def test_a_malformed_token_still_records_the_attempt(learner, course):
    lesson = lessons_of(course)[0]
    services.record_quiz_result(learner, lesson, graded(lesson), "not-a-uuid")
    services.record_quiz_result(learner, lesson, graded(lesson), "")
    assert QuizAttempt.objects.count() == 2


def test_the_lesson_form_carries_a_fresh_token(client, learner, course):
    lesson = lessons_of(course)[0]
    client.force_login(learner)
    first = client.get(lesson.url).content.decode()
    second = client.get(lesson.url).content.decode()
    token = first.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    assert uuid.UUID(token) and token not in second


def test_mark_as_done_only_for_lessons_without_a_quiz(client, learner, course):
    reading = lessons_of(course)[-1]
    quizzed = lessons_of(course)[0]
    client.force_login(learner)
    assert "Mark as done" in client.get(reading.url).content.decode()
    assert "Mark as done" not in client.get(quizzed.url).content.decode()
    response = client.post("/en/learning/done/", {"lesson": reading.pk})
    assert response.status_code == 302 and response["Location"] == reading.url
    assert LessonProgress.objects.get(lesson_key=reading.translation_key).completed_at is not None
    assert client.post("/en/learning/done/", {"lesson": quizzed.pk}).status_code == 400
    assert client.post("/en/learning/done/", {"lesson": "x"}).status_code == 400
    assert LessonProgress.objects.get(lesson_key=quizzed.translation_key).completed_at is None


def test_mark_as_done_needs_an_account(client, course):
    reading = lessons_of(course)[-1]
    response = client.post("/en/learning/done/", {"lesson": reading.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LessonProgress.objects.exists()


def complete(user, lesson):
    if lesson.quiz:
        services.record_quiz_result(user, lesson, graded(lesson))
    else:
        services.mark_lesson_done(user, lesson)


def test_roll_ups_on_course_and_module_pages(client, learner, course):
    lessons = lessons_of(course)
    for lesson in lessons[:2]:
        complete(learner, lesson)
    client.force_login(learner)
    course_html = client.get(course.url).content.decode()
    assert "2 of 5 lessons done (40%)" in course_html
    assert '<progress max="100" value="40"' in course_html
    assert course_html.count('class="done-tick"') == 2
    module_html = client.get(lessons[0].get_parent().url).content.decode()
    assert "2 of 2 lessons done (100%)" in module_html


def test_roll_ups_count_only_published_lessons(client, learner, course):
    lessons = lessons_of(course)
    for lesson in lessons[:4]:
        complete(learner, lesson)
    lessons[4].unpublish()
    client.force_login(learner)
    assert "4 of 4 lessons done (100%)" in client.get(course.url).content.decode()


def test_a_module_is_complete_when_all_its_lessons_are(rf, learner, course):
    lessons = lessons_of(course)
    complete(learner, lessons[0])
    request = rf.get("/en/learning/")
    request.user = learner
    assert my_learning(learner, request)["completed_modules"] == []
    complete(learner, lessons[1])
    assert [m.title for m in my_learning(learner, request)["completed_modules"]] == ["Accounts"]


def test_resume_points_at_the_last_opened_unfinished_lesson(client, learner, course):
    lessons = lessons_of(course)
    client.force_login(learner)
    client.get(lessons[2].url)
    client.get(lessons[1].url)
    complete(learner, lessons[1])
    html = client.get("/en/learning/").content.decode()
    resume = html.split('id="resume-heading"', 1)[1].split("</section>", 1)[0]
    assert lessons[2].title in resume and f'href="{lessons[2].url}"' in resume


def test_certificate_is_issued_when_every_lesson_is_complete(client, learner, course):
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        complete(learner, lesson)
    assert not Certificate.objects.exists()
    complete(learner, lessons[-1])
    certificate = Certificate.objects.get()
    assert certificate.learner == learner and certificate.course_title == "Money basics"
    client.force_login(learner)
    html = client.get(f"/en/learning/certificates/{certificate.code}/").content.decode()
    assert learner.shown_name in html and "Money basics" in html and certificate.code in html
    assert "See your certificate" in client.get(course.url).content.decode()


def test_certificate_is_private_but_verifiable(client, learner, course):
    for lesson in lessons_of(course):
        complete(learner, lesson)
    certificate = Certificate.objects.get()
    other = UserFactory(groups=["Learners"])
    client.force_login(other)
    assert client.get(f"/en/learning/certificates/{certificate.code}/").status_code == 404
    client.logout()
    response = client.get(f"/en/certificates/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200 and "This certificate is valid." in html and "Money basics" in html
    assert learner.username not in html and learner.shown_name not in html
    assert client.get("/en/certificates/NOSUCHCODE00/").status_code == 404


def test_history_survives_deleting_the_page(learner, course):
    lesson = lessons_of(course)[0]
    services.record_quiz_result(learner, lesson, graded(lesson))
    lesson.delete()
    assert LessonProgress.objects.count() == 1 and QuizAttempt.objects.count() == 1


def test_my_learning_lists_courses_results_and_days(client, learner, course):
    lessons = lessons_of(course)
    complete(learner, lessons[0])
    services.record_quiz_result(learner, lessons[1], graded(lessons[1], right=False))
    client.force_login(learner)
    html = client.get("/en/learning/").content.decode()
    assert "Money basics" in html and "1 of 5 lessons done (20%)" in html
    assert "3 of 3 (100%)" in html and "0 of 3 (0%)" in html
    assert "You learned on 1 day this month." in html
    assert "When a tutor gives you a module" in html


def test_my_learning_needs_an_account(client):
    response = client.get("/en/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_attempt_detail_is_only_for_its_learner(client, learner, course):
    lesson = lessons_of(course)[0]
    attempt, _created = services.record_quiz_result(learner, lesson, graded(lesson, right=False))
    client.force_login(learner)
    html = client.get(f"/en/learning/attempts/{attempt.pk}/").content.decode()
    assert "0 of 3 (0%)" in html and "Not quite" in html and "A checking account is made" in html
    client.force_login(UserFactory(groups=["Learners"]))
    assert client.get(f"/en/learning/attempts/{attempt.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/en/learning/attempts/{attempt.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_lesson_lists_its_attempts_newest_first_without_loading_the_answers(learner, course):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lesson = lessons_of(course)[0]
    from django.utils import timezone

    earlier = timezone.now() - datetime.timedelta(hours=1)
    first, _ = services.record_quiz_result(learner, lesson, graded(lesson), uuid.uuid4(), submitted_at=earlier)
    second, _ = services.record_quiz_result(learner, lesson, graded(lesson), uuid.uuid4())
    with CaptureQueriesContext(connection) as queries:
        attempts = services.attempts_for(learner, lesson)
    assert [attempt.pk for attempt in attempts] == [second.pk, first.pk]
    assert len(queries) == 1 and "answers_text" not in queries[0]["sql"]
    assert services.attempts_for(UserFactory(), lesson) == []
