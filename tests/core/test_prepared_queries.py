"""Queries whose SQL the ORM makes once per process and that run again with new values (core/prepared_queries.py).

CI runs these on SQLite and on PostgreSQL, where the values reach the database
in different forms (a UUID as text or as a uuid, a time as text or a timestamp).
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.backends import cached_db as django_cached_db
from django.contrib.sessions.backends import db as django_db
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.models import Session
from accounts.sessions import cached_db, db
from accounts.signed_in import account_with_flags, account_with_live_session, account_with_session
from core.prepared_queries import PreparedQuery
from progress import services
from progress.models import ChecklistTick, LessonProgress, QuizAttempt
from tests.factories import UserFactory
from tests.utils import make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db


def counting(build):
    """`build`, counting how often it is called (each call builds a queryset to compile)."""

    def counted(*values):
        counted.calls += 1
        return build(*values)

    counted.calls = 0
    return counted


def progress_row(learner, lesson_key, **values):
    now = timezone.now()
    return LessonProgress.objects.create(
        learner=learner, lesson_key=lesson_key, first_opened_at=now, last_opened_at=now, **values
    )


def progress_rows(learner_id, lesson_key):
    return LessonProgress.objects.filter(learner_id=learner_id, lesson_key=lesson_key)


def test_rows_and_values_are_those_of_the_queryset():
    learners = UserFactory.create_batch(2)
    keys = [uuid.uuid4(), uuid.uuid4()]
    done = timezone.now().replace(microsecond=123456)
    progress_row(learners[0], keys[0], attempt_count=3, completed_at=done)
    progress_row(learners[1], keys[0], attempt_count=1)
    prepared = PreparedQuery(LessonProgress, progress_rows, "learner", "lesson_key")
    for learner in learners:
        for key in keys:
            expected = list(progress_rows(learner.pk, key).values_list("pk", "attempt_count", "completed_at"))
            found = [(row.pk, row.attempt_count, row.completed_at) for row in prepared(learner.pk, key)]
            assert found == expected
    (row,) = prepared(learners[0].pk, keys[0])
    assert row.completed_at == done and row.learner_id == learners[0].pk


def test_the_sql_is_made_once_and_run_with_each_calls_values():
    learner = UserFactory()
    key = uuid.uuid4()
    progress_row(learner, key, attempt_count=2)
    build = counting(progress_rows)
    prepared = PreparedQuery(LessonProgress, build, "learner", "lesson_key")
    assert [row.attempt_count for row in prepared(learner.pk, key)] == [2]
    assert prepared(learner.pk, uuid.uuid4()) == []
    assert prepared(learner.pk + 1000, key) == []
    assert build.calls == 1


def test_a_time_compared_with_a_field_is_prepared_for_the_database():
    now = timezone.now()
    live = Session.objects.create(session_key="a" * 32, session_data="x", expire_date=now + timedelta(hours=1))
    Session.objects.create(session_key="b" * 32, session_data="y", expire_date=now - timedelta(seconds=1))
    live_by_key = lambda key, at: Session.objects.filter(session_key=key, expire_date__gt=at)  # noqa: E731
    prepared = PreparedQuery(Session, live_by_key, "session_key", "expire_date")
    assert [s.session_data for s in prepared(live.session_key, now)] == ["x"]
    assert prepared("b" * 32, now) == []
    assert prepared(live.session_key, now + timedelta(hours=2)) == []


def test_a_value_that_is_not_exactly_one_parameter_is_refused():
    used_twice = PreparedQuery(
        LessonProgress,
        lambda learner_id: LessonProgress.objects.filter(Q(learner_id=learner_id) | Q(attempt_count=learner_id)),
        "learner",
    )
    with pytest.raises(ImproperlyConfigured, match="found it 2 times"):
        used_twice(1)
    unused = PreparedQuery(LessonProgress, lambda learner_id: LessonProgress.objects.all(), "learner")
    with pytest.raises(ImproperlyConfigured, match="found it 0 times"):
        unused(1)


def test_small_integers_have_stand_ins_too():
    tick = ChecklistTick.objects.create(learner=UserFactory(), lesson_key=uuid.uuid4(), block_id="b", item=3)
    prepared = PreparedQuery(ChecklistTick, lambda item: ChecklistTick.objects.filter(item=item), "item")
    assert [found.pk for found in prepared(3)] == [tick.pk]
    assert prepared(4) == []


def test_a_field_without_a_stand_in_is_refused():
    prepared = PreparedQuery(QuizAttempt, lambda passed: QuizAttempt.objects.filter(passed=passed), "passed")
    with pytest.raises(ImproperlyConfigured, match="no stand-in value for a BooleanField"):
        prepared(True)


# The prepared queries of every signed-in request ---------------------------------------------------------------


def test_without_redis_sessions_are_djangos_database_sessions_read_prepared(settings):
    assert settings.SESSION_ENGINE == "accounts.sessions.db"
    assert issubclass(db.SessionStore, django_db.SessionStore)
    assert issubclass(cached_db.SessionStore, django_cached_db.SessionStore)


@pytest.mark.parametrize("store_class", [db.SessionStore, cached_db.SessionStore])
def test_session_stores_load_live_sessions_only(store_class):
    store = store_class()
    store["answer"] = 42
    store.create()
    store.save()
    assert store_class(store.session_key).load() == {"answer": 42}
    assert store_class("z" * 32).load() == {}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    reloaded = store_class(store.session_key)
    if store_class is cached_db.SessionStore:
        reloaded._cache.clear()
    assert reloaded.load() == {}
    assert reloaded.session_key is None  # as Django's store: a new key is made on the next save


def test_the_account_is_the_querysets_with_both_flags_as_booleans():
    tutor = UserFactory(groups=["Tutors"])
    loaded = AccountBackend().get_user(tutor.pk)
    expected = account_with_flags(tutor.pk).get()
    assert (loaded.pk, loaded.username, loaded.password, loaded.last_login, loaded.date_joined) == (
        expected.pk,
        expected.username,
        expected.password,
        expected.last_login,
        expected.date_joined,
    )
    assert loaded.enok_is_tutor is True and loaded.enok_has_two_factor is False


def test_the_account_with_its_session_is_the_querysets_found_by_a_related_models_fields():
    tutor = UserFactory(groups=["Tutors"])
    other = UserFactory()
    now = timezone.now()
    session = Session.objects.create(
        session_key="s" * 32, session_data="data", expire_date=now + timedelta(hours=1), account=tutor
    )
    Session.objects.create(
        session_key="t" * 32, session_data="other", expire_date=now + timedelta(hours=1), account=other
    )
    [loaded] = account_with_session(session.session_key, now)
    expected = account_with_live_session(session.session_key, now).get()
    assert (loaded.pk, loaded.enok_session_data, loaded.enok_session_expiry) == (
        expected.pk,
        expected.enok_session_data,
        expected.enok_session_expiry,
    )
    assert loaded.enok_session_expiry == session.expire_date
    assert loaded.enok_is_tutor is True and loaded.enok_has_two_factor is False
    assert account_with_session(session.session_key, now + timedelta(hours=2)) == []
    assert account_with_session("u" * 32, now) == []


def test_progress_and_ticks_on_a_lesson_are_those_of_the_querysets():
    lesson = make_lesson(make_module(make_course()))
    learner, other = UserFactory.create_batch(2)
    assert services.lesson_state(learner, lesson) == services.LessonState(stamp=(None,), complete=False)
    row = progress_row(learner, lesson.translation_key, attempt_count=1)
    assert services.lesson_state(learner, lesson).stamp == (row.pk, 1, None)
    ChecklistTick.objects.create(learner=learner, lesson_key=lesson.translation_key, block_id="b1", item=0)
    ChecklistTick.objects.create(learner=learner, lesson_key=lesson.translation_key, block_id="b1", item=2)
    ChecklistTick.objects.create(learner=other, lesson_key=lesson.translation_key, block_id="b1", item=1)
    assert services.checklist_ticks(learner, lesson) == {"b1": {0, 2}}
    assert services.checklist_ticks(other, lesson) == {"b1": {1}}


def test_annotations_are_converted_and_fields_left_out_are_deferred():
    learner = UserFactory()
    key = uuid.uuid4()
    progress_row(learner, key, attempt_count=4)
    ChecklistTick.objects.create(learner=learner, lesson_key=key, block_id="b", item=0)
    prepared = PreparedQuery(
        LessonProgress,
        lambda learner_id, lesson_key: (
            LessonProgress.objects.filter(learner_id=learner_id, lesson_key=lesson_key)
            .only("attempt_count")
            .annotate(
                has_ticks=Exists(ChecklistTick.objects.filter(learner_id=OuterRef("learner_id"), lesson_key=key)),
                title_length=Length("lesson_title"),
            )
        ),
        "learner",
        "lesson_key",
    )
    (row,) = prepared(learner.pk, key)
    assert row.has_ticks is True  # a boolean on SQLite too, as the queryset gives it
    assert row.title_length == 0 and row.attempt_count == 4
    assert row.get_deferred_fields() >= {"lesson_title", "completed_at", "first_opened_at"}


def test_related_models_are_refused():
    prepared = PreparedQuery(
        LessonProgress,
        lambda learner_id: LessonProgress.objects.filter(learner_id=learner_id).select_related("learner"),
        "learner",
    )
    with pytest.raises(ImproperlyConfigured, match="no select_related"):
        prepared(1)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL prepares statements; SQLite has no planner cost"
)
def test_postgresql_keeps_a_query_run_often_as_a_prepared_statement():
    """Server-side binding (settings): PostgreSQL plans the account query once per connection, not per request."""
    learner = UserFactory(groups=["Learners"])
    backend = AccountBackend()
    for _ in range(6):  # psycopg prepares a query on its 5th run on a connection (prepare_threshold)
        assert backend.get_user(learner.pk) == learner
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert [statement for statement in prepared if 'FROM "accounts_user"' in statement and "$1" in statement]
