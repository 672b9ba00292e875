"""The tutor's group dashboard, learner detail, question analysis and CSV export."""

import csv
import io
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from progress import services
from progress.models import Assignment, LearnerGroup, LessonProgress, QuizAttempt
from progress.tutoring import analysis, chart, export, grid
from tests.factories import UserFactory
from tests.progress.helpers import graded
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)  # a Wednesday


def at(day, hour=12):
    """An aware datetime on `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def learner_named(name, display_name=""):
    return UserFactory(username=name, display_name=display_name, groups=["Learners"])


def assign(group, module, learner=None, due=None, tutor=None):
    return Assignment.objects.create(
        group=group,
        learner=learner,
        module_key=module.translation_key,
        module_title=module.title,
        due_date=due,
        assigned_by=tutor,
    )


@pytest.fixture
def setup(tutor):
    """A group of three learners; module A (two lessons without a quiz) and module B (one quiz lesson)."""
    group = LearnerGroup.objects.create(name="Tuesday evening")
    group.tutors.add(tutor)
    ann, bo, cho = learner_named("ann"), learner_named("bo"), learner_named("cho", "Cho Min")
    group.learners.add(ann, bo, cho)
    course = make_course()
    module_a = make_module(course, title="Renting a home")
    lessons_a = [make_lesson(module_a, title="Leases"), make_lesson(module_a, title="Deposits")]
    module_b = make_module(course, title="Banking basics")
    quiz_lesson = make_lesson(module_b, title="Checking accounts", quiz=SAMPLE_QUIZ)
    return {
        "group": group,
        "tutor": tutor,
        "ann": ann,
        "bo": bo,
        "cho": cho,
        "module_a": module_a,
        "lessons_a": lessons_a,
        "module_b": module_b,
        "quiz_lesson": quiz_lesson,
    }


def cells_by_name(table, column_index=0):
    return {row.learner.username: row.cells[column_index] for row in table.rows}


# The grid -----------------------------------------------------------------------------------------


def test_statuses_not_started_in_progress_done(setup):
    s = setup
    assign(s["group"], s["module_a"], due=TODAY + timedelta(days=3))
    for lesson in s["lessons_a"]:
        services.mark_lesson_done(s["ann"], lesson, now=at(TODAY))
    services.record_lesson_opened(s["bo"], s["lessons_a"][0], now=at(TODAY))

    cells = cells_by_name(grid.build_grid(s["group"], TODAY))
    assert cells["ann"].status is grid.DONE and cells["ann"].percent == 100
    assert cells["bo"].status is grid.IN_PROGRESS and cells["bo"].percent == 0
    assert cells["cho"].status is grid.NOT_STARTED and cells["cho"].percent == 0


def test_overdue_once_the_due_date_has_passed_and_not_done(setup):
    s = setup
    assign(s["group"], s["module_a"], due=TODAY - timedelta(days=1))
    for lesson in s["lessons_a"]:
        services.mark_lesson_done(s["ann"], lesson, now=at(TODAY))
    services.mark_lesson_done(s["bo"], s["lessons_a"][0], now=at(TODAY))

    cells = cells_by_name(grid.build_grid(s["group"], TODAY))
    assert cells["ann"].status is grid.DONE
    assert cells["bo"].status is grid.OVERDUE and cells["bo"].percent == 50
    assert cells["cho"].status is grid.OVERDUE
    # Due today is not overdue yet.
    assert cells_by_name(grid.build_grid(s["group"], TODAY - timedelta(days=1)))["cho"].status is grid.NOT_STARTED


def test_percent_counts_only_lessons_published_now(setup):
    s = setup
    assign(s["group"], s["module_a"])
    services.mark_lesson_done(s["ann"], s["lessons_a"][0], now=at(TODAY))
    assert cells_by_name(grid.build_grid(s["group"], TODAY))["ann"].percent == 50
    s["lessons_a"][1].unpublish()
    cell = cells_by_name(grid.build_grid(s["group"], TODAY))["ann"]
    assert (cell.percent, cell.status) == (100, grid.DONE)


def test_individual_assignment_shows_a_dash_for_other_learners(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    assign(s["group"], s["module_b"], learner=s["bo"], due=TODAY)
    table = grid.build_grid(s["group"], TODAY)
    assert [column.title for column in table.columns] == ["Banking basics", "Renting a home"]  # due dates first
    banking = cells_by_name(table, 0)
    assert banking["ann"] is None and banking["cho"] is None
    assert banking["bo"].assignment.learner == s["bo"]

    client.force_login(s["tutor"])
    html = client.get(reverse("tutor:group", args=[s["group"].pk])).content.decode()
    assert "—" in html and "Not assigned" in html


def test_an_assignment_to_a_learner_who_left_the_group_is_not_a_column(setup):
    s = setup
    assign(s["group"], s["module_a"], learner=s["ann"])
    s["group"].learners.remove(s["ann"])
    assert grid.build_grid(s["group"], TODAY).columns == []


def test_sort_by_name_and_by_progress(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    for lesson in s["lessons_a"]:
        services.mark_lesson_done(s["ann"], lesson)
    services.mark_lesson_done(s["cho"], s["lessons_a"][0])

    by_name = grid.build_grid(s["group"], TODAY, "name")
    assert [row.learner.username for row in by_name.rows] == ["ann", "bo", "cho"]  # "Cho Min" sorts as shown
    by_progress = grid.build_grid(s["group"], TODAY, "progress")
    assert [row.learner.username for row in by_progress.rows] == ["bo", "cho", "ann"]
    assert grid.build_grid(s["group"], TODAY, "nonsense").sort == "name"

    client.force_login(s["tutor"])
    url = reverse("tutor:group", args=[s["group"].pk])
    html = client.get(url, {"sort": "progress"}).content.decode()
    assert html.index(">bo<") < html.index(">Cho Min<") < html.index(">ann<")
    assert 'href="?sort=progress" aria-current="true"' in html
    html = client.get(url).content.decode()
    assert html.index(">ann<") < html.index(">bo<") < html.index(">Cho Min<")


# Needs help --------------------------------------------------------------------------------------


def fail(learner, lesson, times, day):
    for i in range(times):
        services.record_quiz_result(learner, lesson, graded(lesson, right=False), submitted_at=at(day, 9 + i))


def help_of(group, username, today=TODAY):
    return next(row for row in grid.build_grid(group, today).rows if row.learner.username == username).help_reasons


def test_needs_help_after_failing_the_same_quiz_three_times(setup):
    s = setup
    assign(s["group"], s["module_b"])
    fail(s["ann"], s["quiz_lesson"], 3, TODAY)
    fail(s["bo"], s["quiz_lesson"], 2, TODAY)
    reasons = help_of(s["group"], "ann")
    assert [reason.kind for reason in reasons] == ["failed"]
    assert reasons[0].text == "Failed the quiz “Checking accounts” 3 times without passing it since"
    assert help_of(s["group"], "bo") == []


def test_not_flagged_when_passed_after_failing(setup):
    s = setup
    assign(s["group"], s["module_b"])
    fail(s["ann"], s["quiz_lesson"], 3, TODAY - timedelta(days=1))
    services.record_quiz_result(s["ann"], s["quiz_lesson"], graded(s["quiz_lesson"]), submitted_at=at(TODAY))
    assert help_of(s["group"], "ann") == []
    # Three more failures after that pass flag it again.
    fail(s["ann"], s["quiz_lesson"], 3, TODAY + timedelta(days=1))
    assert [reason.count for reason in help_of(s["group"], "ann", TODAY + timedelta(days=1))] == [3]


def test_needs_help_when_inactive_for_14_days_with_unfinished_assignments(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    services.record_lesson_opened(s["ann"], s["lessons_a"][0], now=at(TODAY - timedelta(days=14)))
    services.record_lesson_opened(s["bo"], s["lessons_a"][0], now=at(TODAY - timedelta(days=13)))
    for lesson in s["lessons_a"]:  # finished everything long ago: nothing to chase
        services.mark_lesson_done(s["cho"], lesson, now=at(TODAY - timedelta(days=30)))

    reasons = help_of(s["group"], "ann")
    assert [(reason.kind, reason.count) for reason in reasons] == [("inactive", 14)]
    assert reasons[0].text == "No activity for 14 days, with unfinished assignments"
    assert help_of(s["group"], "bo") == []  # active 13 days ago
    assert help_of(s["group"], "cho") == []  # inactive, but nothing unfinished


def test_a_quiz_attempt_counts_as_activity(setup):
    s = setup
    assign(s["group"], s["module_a"])
    services.record_lesson_opened(s["ann"], s["lessons_a"][0], now=at(TODAY - timedelta(days=40)))
    services.record_quiz_result(s["ann"], s["quiz_lesson"], graded(s["quiz_lesson"]), submitted_at=at(TODAY))
    assert help_of(s["group"], "ann") == []


def test_a_learner_who_never_started_is_flagged_14_days_after_joining(setup):
    s = setup
    assign(s["group"], s["module_a"])
    joined = timezone.localdate(s["cho"].date_joined)
    assert help_of(s["group"], "cho", joined + timedelta(days=13)) == []
    assert [r.kind for r in help_of(s["group"], "cho", joined + timedelta(days=14))] == ["inactive"]


def test_the_page_says_why_a_learner_needs_help(client, setup):
    s = setup
    assign(s["group"], s["module_b"])
    fail(s["bo"], s["quiz_lesson"], 4, timezone.localdate())
    client.force_login(s["tutor"])
    html = client.get(reverse("tutor:group", args=[s["group"].pk])).content.decode()
    assert "Needs help" in html
    assert "Failed the quiz “Checking accounts” 4 times without passing it since" in html


# The chart ---------------------------------------------------------------------------------------


def test_lessons_completed_per_week_for_the_last_12_weeks(setup):
    s = setup
    lesson_keys = [uuid.uuid4() for _ in range(6)]
    monday = TODAY - timedelta(days=TODAY.weekday())
    completed = [
        (s["ann"], monday),  # this week
        (s["bo"], TODAY),  # this week
        (s["ann"], monday - timedelta(days=1)),  # Sunday: last week
        (s["cho"], monday - timedelta(weeks=11)),  # the oldest week shown
        (s["cho"], monday - timedelta(weeks=12)),  # too old
    ]
    outsider = learner_named("outsider")
    completed.append((outsider, TODAY))  # not in the group
    LessonProgress.objects.bulk_create(
        LessonProgress(
            learner=learner,
            lesson_key=key,
            first_opened_at=at(day),
            last_opened_at=at(day),
            completed_at=at(day),
        )
        for (learner, day), key in zip(completed, lesson_keys, strict=True)
    )
    weeks = grid.weekly_completions(s["group"], TODAY)
    assert len(weeks) == 12
    assert weeks[-1] == grid.Week(monday, 2)
    assert weeks[-2] == grid.Week(monday - timedelta(weeks=1), 1)
    assert weeks[0] == grid.Week(monday - timedelta(weeks=11), 1)
    assert sum(week.count for week in weeks) == 4

    svg = str(chart.weeks_svg(weeks))
    assert svg.startswith("<svg") and svg.count("<rect") == 12
    assert "<title>Week of March 10: 2 lessons completed</title>" in svg
    assert "<script" not in svg and "style=" not in svg


def test_the_dashboard_shows_the_chart_and_its_table(client, setup):
    s = setup
    services.mark_lesson_done(s["ann"], s["lessons_a"][0])
    client.force_login(s["tutor"])
    html = client.get(reverse("tutor:group", args=[s["group"].pk])).content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert "Show the numbers as a table" in html
    assert "1 lesson completed in the last 12 weeks" in html


# Learner detail ----------------------------------------------------------------------------------


def test_learner_detail_shows_modules_lessons_and_the_answers_given(client, setup):
    s = setup
    assign(s["group"], s["module_b"])
    assign(s["group"], s["module_a"], learner=s["ann"], due=TODAY)
    lesson = s["quiz_lesson"]
    services.record_quiz_result(s["ann"], lesson, graded(lesson, right=False), submitted_at=at(TODAY))
    services.record_quiz_result(s["ann"], lesson, graded(lesson, right=True), submitted_at=at(TODAY, 13))
    services.record_lesson_opened(s["ann"], s["lessons_a"][0])
    bo_lesson = make_lesson(make_module(make_course()), title="Bo's private lesson", quiz=SAMPLE_QUIZ)
    services.record_quiz_result(s["bo"], bo_lesson, graded(bo_lesson, right=False))

    client.force_login(s["tutor"])
    response = client.get(reverse("tutor:learner", args=[s["group"].pk, s["ann"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Renting a home" in html and "Banking basics" in html
    assert "Leases" in html and "In progress" in html and "Done" in html
    assert "The money you pay before moving in is a security ___." in html
    assert "wrong answer" in html  # the text the learner typed
    assert "Savings account" in html  # the choice the learner picked, as text
    assert "Checking account" in html
    assert html.index("3 of 3 (100%)") < html.index("0 of 3 (0%)")  # newest first
    assert "Bo&#x27;s private lesson" not in html and "Bo's private lesson" not in html

    report = response.context["report"]
    assert [attempt.learner_id for attempt in report.attempts] == [s["ann"].pk, s["ann"].pk]
    banking = next(m for m in report.modules if m.column.title == "Banking basics")
    assert banking.lessons[0].best_percent == 100 and banking.lessons[0].status is grid.DONE


def test_learner_detail_falls_back_to_the_answers_as_text(client, setup):
    s = setup
    services.record_quiz_result(s["ann"], s["quiz_lesson"], graded(s["quiz_lesson"]))
    QuizAttempt.objects.filter(learner=s["ann"]).update(answers={"unexpected": True}, answers_text="1. Q\n   ✓ yes")
    client.force_login(s["tutor"])
    html = client.get(reverse("tutor:learner", args=[s["group"].pk, s["ann"].pk])).content.decode()
    assert "1. Q\n   ✓ yes" in html


def test_learner_detail_notes_an_attempt_made_offline_and_when_it_was_sent(client, setup):
    s = setup
    assign(s["group"], s["module_b"])
    lesson = s["quiz_lesson"]
    services.record_quiz_result(s["ann"], lesson, graded(lesson, right=False), submitted_at=at(TODAY, 9))
    made = timezone.now() - timedelta(days=2)
    offline, _created = services.record_quiz_result(
        s["ann"], lesson, graded(lesson, right=True), str(uuid.uuid4()), made_offline_at=made.isoformat()
    )
    client.force_login(s["tutor"])
    url = reverse("tutor:learner", args=[s["group"].pk, s["ann"].pk])
    client.get(url)  # warm the caches, so the counts below compare like with like
    QuizAttempt.objects.filter(pk=offline.pk).update(made_offline=False)
    with CaptureQueriesContext(connection) as without_note:
        client.get(url)
    QuizAttempt.objects.filter(pk=offline.pk).update(made_offline=True, received_at=at(TODAY, 15))
    with CaptureQueriesContext(connection) as with_note:
        html = client.get(url).content.decode()

    summaries = {summary.split("</time>")[1]: summary for summary in html.split("<summary>")[1:]}
    offline_summary = next(text for key, text in summaries.items() if "3 of 3 (100%)" in key)
    online_summary = next(text for key, text in summaries.items() if "0 of 3 (0%)" in key)
    sent = formats.date_format(timezone.localtime(at(TODAY, 15)), "DATETIME_FORMAT")
    assert f"answered offline, sent {sent}" in offline_summary
    assert "offline" not in online_summary
    assert len(with_note) == len(without_note)  # the note costs no query


# Question analysis -------------------------------------------------------------------------------


def test_question_analysis_share_right_and_most_common_wrong_answer(client, setup):
    s = setup
    assign(s["group"], s["module_b"])
    lesson = s["quiz_lesson"]
    services.record_quiz_result(s["ann"], lesson, graded(lesson, right=True))
    services.record_quiz_result(s["bo"], lesson, graded(lesson, right=True))
    services.record_quiz_result(s["cho"], lesson, graded(lesson, right=False))
    outsider = learner_named("outsider")
    for _ in range(5):  # not in the group: does not count
        services.record_quiz_result(outsider, lesson, graded(lesson, right=False))

    client.force_login(s["tutor"])
    response = client.get(reverse("tutor:analysis", args=[s["group"].pk, s["module_b"].translation_key]))
    assert response.status_code == 200
    questions = response.context["questions"]
    assert [q.number for q in questions] == [1, 2, 3]
    first = questions[0]
    assert first.prompt == "Which account is best for paying rent and bills?"
    assert (first.answered, first.right, first.right_percent) == (3, 2, 67)
    assert first.common_wrong == ("Savings account", 1)
    assert questions[2].common_wrong == ("wrong answer", 1)
    html = response.content.decode()
    assert "67% answered right (2 of 3)" in html
    assert "Savings account" in html


def test_question_analysis_keeps_questions_no_longer_in_the_quiz(setup):
    s = setup
    lesson = s["quiz_lesson"]
    services.record_quiz_result(s["ann"], lesson, graded(lesson, right=False))
    services.record_quiz_result(s["bo"], lesson, graded(lesson, right=False))
    attempt = QuizAttempt.objects.filter(learner=s["bo"]).get()
    answers = attempt.answers
    answers[0]["given_text"] = "Checking account; Savings account"
    attempt.answers = answers
    attempt.save()
    lesson.quiz = list(lesson.quiz.raw_data)[1:]
    lesson.save_revision().publish()

    questions = analysis.question_analysis(s["group"], s["module_b"].translation_key, None)
    assert [(q.current, q.prompt[:9]) for q in questions] == [
        (True, "A real ba"),
        (True, "The money"),
        (False, "Which acc"),
    ]
    # A tie between two wrong answers goes to the one that sorts first.
    assert questions[-1].common_wrong == ("Checking account; Savings account", 1)


# CSV export --------------------------------------------------------------------------------------


def test_csv_export_with_korean_text_bom_and_formula_escaping(client, tutor):
    group = LearnerGroup.objects.create(name="화요일 반")
    group.tutors.add(tutor)
    kim = UserFactory(username="kim", display_name="김영희", groups=["Learners"])
    sneaky = UserFactory(username="sneaky", display_name='=HYPERLINK("http://x")', groups=["Learners"])
    group.learners.add(kim, sneaky)
    course = make_course()
    module = make_module(course, title="은행 이용하기")
    lessons = [make_lesson(module), make_lesson(module)]
    assign(group, module, due=date(2031, 5, 1))
    services.mark_lesson_done(kim, lessons[0])

    client.force_login(tutor)
    response = client.get(reverse("tutor:export", args=[group.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="group-{group.pk}-progress.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == [
        "Username",
        "Display name",
        "Module",
        "Due date",
        "Status",
        "Percent",
        "Lessons done",
        "Lessons total",
        "Last activity",
    ]
    by_user = {row[0]: row for row in rows[1:]}
    assert by_user["kim"][:8] == ["kim", "김영희", "은행 이용하기", "2031-05-01", "In progress", "50", "1", "2"]
    assert by_user["kim"][8].startswith(str(timezone.localdate()))
    assert by_user["sneaky"][:8] == [
        "sneaky",
        '\'=HYPERLINK("http://x")',
        "은행 이용하기",
        "2031-05-01",
        "Not started",
        "0",
        "0",
        "2",
    ]
    assert len(rows) == 3


def test_csv_cells_and_filename():
    assert [export.safe_cell(v) for v in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok", 5, None]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "ok",
        5,
        "",
    ]
    assert (
        export.filename(LearnerGroup(pk=7, name="Tuesday evening / Chicago")) == "tuesday-evening-chicago-progress.csv"
    )
    assert export.filename(LearnerGroup(pk=7, name='"; rm -rf"')) == "rm-rf-progress.csv"


# Who may see what --------------------------------------------------------------------------------


def urls_for(group, learner, module_key):
    return [
        reverse("tutor:group", args=[group.pk]),
        reverse("tutor:learner", args=[group.pk, learner.pk]),
        reverse("tutor:analysis", args=[group.pk, module_key]),
        reverse("tutor:export", args=[group.pk]),
    ]


def test_the_groups_tutor_gets_every_page(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    client.force_login(s["tutor"])
    for url in urls_for(s["group"], s["ann"], s["module_a"].translation_key):
        assert client.get(url).status_code == 200, url


def test_another_tutors_group_is_404(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    client.force_login(UserFactory(groups=["Tutors"]))
    for url in urls_for(s["group"], s["ann"], s["module_a"].translation_key):
        assert client.get(url).status_code == 404, url


def test_a_learner_outside_the_group_is_404(client, setup):
    s = setup
    other = LearnerGroup.objects.create(name="Other")
    outsider = learner_named("outsider")
    other.learners.add(outsider)
    other.tutors.add(s["tutor"])  # even a learner the same tutor has in another group
    client.force_login(s["tutor"])
    assert client.get(reverse("tutor:learner", args=[s["group"].pk, outsider.pk])).status_code == 404
    assert client.get(reverse("tutor:learner", args=[s["group"].pk, 999999])).status_code == 404


def test_an_unassigned_module_is_404(client, setup):
    s = setup
    other = LearnerGroup.objects.create(name="Other")
    assign(other, s["module_b"])  # assigned, but in another group
    client.force_login(s["tutor"])
    assert client.get(reverse("tutor:analysis", args=[s["group"].pk, s["module_b"].translation_key])).status_code == 404
    assert client.get(reverse("tutor:analysis", args=[s["group"].pk, uuid.uuid4()])).status_code == 404


def test_learners_get_403_and_visitors_are_sent_to_log_in(client, setup):
    s = setup
    assign(s["group"], s["module_a"])
    urls = urls_for(s["group"], s["ann"], s["module_a"].translation_key)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    client.force_login(s["ann"])  # a learner of the very group
    for url in urls:
        assert client.get(url).status_code == 403, url


# Queries -----------------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def build_group(tutor, learners, modules, lessons_per_module, name):
    """A group with `learners` learners and `modules` modules assigned, with progress rows made in bulk."""
    User = get_user_model()
    group = LearnerGroup.objects.create(name=name)
    group.tutors.add(tutor)
    users = User.objects.bulk_create(User(username=f"{name}-{i}", display_name=f"L {i}") for i in range(learners))
    group.learners.add(*users)
    course = make_course()
    keys = []
    for m in range(modules):
        module = make_module(course)
        assign(group, module, due=TODAY + timedelta(days=m - modules // 2) if m % 2 else None)
        keys.extend(make_lesson(module).translation_key for _ in range(lessons_per_module))
    # One individual assignment, and some progress, attempts and completions for everyone.
    assign(group, make_module(course), learner=users[0])
    now = timezone.now()
    rows, attempts = [], []
    for i, user in enumerate(users):
        for j, key in enumerate(keys):
            if (i + j) % 3:
                done = now - timedelta(days=(i + j) % 80) if (i + j) % 3 == 1 else None
                rows.append(
                    LessonProgress(
                        learner=user, lesson_key=key, first_opened_at=now, last_opened_at=now, completed_at=done
                    )
                )
        for k in range(3):
            attempts.append(
                QuizAttempt(
                    learner=user,
                    lesson_key=keys[0],
                    token=uuid.uuid4(),
                    submitted_at=now - timedelta(hours=k),
                    score=0,
                    max_score=1,
                    percent=0,
                    passed=False,
                    answers=[],
                    answers_text="",
                )
            )
    LessonProgress.objects.bulk_create(rows, batch_size=2000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=2000)
    return group


def test_dashboard_queries_do_not_grow_with_learners_and_modules(client, tutor):
    client.force_login(tutor)
    small = build_group(tutor, learners=5, modules=2, lessons_per_module=2, name="small")
    small_count, small_response = count_queries(client, reverse("tutor:group", args=[small.pk]))
    big = build_group(tutor, learners=200, modules=20, lessons_per_module=5, name="big")
    big_count, big_response = count_queries(client, reverse("tutor:group", args=[big.pk]))

    assert len(big_response.context["grid"].rows) == 200
    assert len(big_response.context["grid"].columns) == 21
    assert len(big_response.context["grid"].needing_help) == 200  # each failed the first quiz three times
    assert small_count == big_count, (small_count, big_count)
    assert big_count <= 15, big_count
