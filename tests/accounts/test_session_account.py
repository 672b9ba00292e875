"""A session names its account, and a signed-in request reads both in one query (accounts/sessions/, signed_in.py)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import data, roles, two_factor
from accounts.backends import AccountBackend
from accounts.models import Session
from accounts.sessions import account_id_in, cached_db, db, request_session
from accounts.sessions.middleware import SessionMiddleware
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in_store(user, store_class=db.SessionStore):
    """A saved session signed in to `user`, as django.contrib.auth.login leaves it."""
    store = store_class()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.AccountBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store


@pytest.fixture
def handling():
    """Run the body as if inside a request whose session store is the one given."""
    tokens = []

    def start(store):
        tokens.append(request_session.set(store))
        return store

    yield start
    for token in reversed(tokens):
        request_session.reset(token)


def test_signing_in_fills_the_account_column_and_a_visitors_session_has_none(client, learner):
    visitor = db.SessionStore()
    visitor["pending"] = True
    visitor.create()
    assert Session.objects.get(session_key=visitor.session_key).account_id is None
    client.post("/en/accounts/login/", {"username": learner.username, "password": PASSWORD})
    assert Session.objects.get(session_key=client.session.session_key).account_id == learner.pk


def test_an_id_that_is_not_an_accounts_names_no_account():
    assert account_id_in({SESSION_KEY: "17"}) == 17
    assert account_id_in({SESSION_KEY: "seventeen"}) is None
    assert account_id_in({}) is None


def test_a_signed_in_session_and_its_account_are_read_in_one_query(handling):
    tutor = UserFactory(groups=["Tutors"])
    TOTPDevice.objects.create(user=tutor, name="app", confirmed=True)
    store = handling(db.SessionStore(signed_in_store(tutor).session_key))
    with CaptureQueriesContext(connection) as captured:
        user_id = int(store[SESSION_KEY])
        loaded = AccountBackend().get_user(user_id)
    assert len(captured) == 1
    assert loaded.pk == tutor.pk and loaded.username == tutor.username
    assert roles.is_tutor(loaded) is True and two_factor.had_two_factor_when_loaded(loaded) is True
    assert not hasattr(loaded, "enok_session_data")  # the session's data is not carried on request.user


def test_the_account_is_handed_over_once_and_only_for_its_own_id(handling, learner):
    other = UserFactory()
    store = handling(db.SessionStore(signed_in_store(learner).session_key))
    store.load()
    with CaptureQueriesContext(connection) as captured:
        assert AccountBackend().get_user(other.pk).pk == other.pk
    assert len(captured) == 1  # another id: read on its own
    with CaptureQueriesContext(connection) as captured:
        assert AccountBackend().get_user(learner.pk).pk == learner.pk
    assert len(captured) == 0
    with CaptureQueriesContext(connection) as captured:
        assert AccountBackend().get_user(learner.pk).pk == learner.pk
    assert len(captured) == 1  # handed over already: read again


def test_outside_a_request_no_session_is_known(learner):
    store = db.SessionStore(signed_in_store(learner).session_key)
    store.load()
    assert request_session.get() is None
    with CaptureQueriesContext(connection) as captured:
        AccountBackend().get_user(learner.pk)
    assert len(captured) == 1


def test_the_middleware_makes_the_requests_store_known_for_the_request_only():
    seen = []

    def view(request):
        seen.append((request_session.get(), request.session))
        return HttpResponse("ok")

    SessionMiddleware(view)(RequestFactory().get("/"))
    [(known, session)] = seen
    assert known is session
    assert request_session.get() is None


def test_a_session_before_sign_in_is_read_on_its_own(handling):
    visitor = db.SessionStore()
    visitor["pending"] = {"step": 1}
    visitor.create()
    store = handling(db.SessionStore(visitor.session_key))
    with CaptureQueriesContext(connection) as captured:
        assert store.load() == {"pending": {"step": 1}}
    assert len(captured) == 2  # no account joined to it, then the session alone
    assert store.account is None


def test_an_expired_signed_in_session_reads_nothing(handling, learner):
    key = signed_in_store(learner).session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = handling(db.SessionStore(key))
    assert store.load() == {}
    assert store.session_key is None and store.account is None


def test_a_session_from_the_cache_reads_its_account_by_id(handling, learner):
    key = signed_in_store(learner, cached_db.SessionStore).session_key
    store = handling(cached_db.SessionStore(key))
    with CaptureQueriesContext(connection) as captured:
        store.load()  # from the cache
        assert AccountBackend().get_user(learner.pk).pk == learner.pk
    assert len(captured) == 1
    store._cache.delete(store.cache_key)
    again = handling(cached_db.SessionStore(key))
    with CaptureQueriesContext(connection) as captured:
        again.load()  # from the database, with the account
        assert AccountBackend().get_user(learner.pk).pk == learner.pk
    assert len(captured) == 1


def test_an_account_made_inactive_is_signed_out_on_its_next_request(client, learner):
    client.force_login(learner)
    assert client.get("/en/learning/").status_code == 200
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    response = client.get("/en/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_password_still_ends_the_other_sessions(client, learner):
    client.force_login(learner)
    assert client.get("/en/learning/").status_code == 200
    learner.set_password("a-new-and-long-passphrase")
    learner.save(update_fields=["password"])
    response = client.get("/en/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deleting_an_account_ends_its_sessions(client, learner):
    client.force_login(learner)
    signed_in_store(learner)
    assert Session.objects.filter(account=learner).count() == 2
    data.delete_user(learner)
    assert not Session.objects.filter(account_id=learner.pk).exists()
    response = client.get("/en/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_migration_moves_live_sessions_with_their_accounts_so_nobody_is_signed_out(client, learner):
    move_live_sessions = importlib.import_module("accounts.migrations.0005_session_with_account").move_live_sessions
    gone = UserFactory()

    def old_session(**values):
        store = DjangoSessionStore()
        store.update(values)
        store.create()
        return store.session_key

    signed_in = old_session(
        **{
            SESSION_KEY: str(learner.pk),
            BACKEND_SESSION_KEY: "accounts.backends.AccountBackend",
            HASH_SESSION_KEY: learner.get_session_auth_hash(),
        }
    )
    of_a_deleted_account = old_session(**{SESSION_KEY: str(gone.pk)})
    gone.delete()
    visitors = old_session(pending=True)
    expired = old_session(**{SESSION_KEY: str(learner.pk)})
    DjangoSession.objects.filter(session_key=expired).update(expire_date=timezone.now() - timedelta(seconds=1))

    move_live_sessions(apps, None)

    moved = dict(Session.objects.values_list("session_key", "account_id"))
    assert moved == {signed_in: learner.pk, of_a_deleted_account: None, visitors: None}
    assert not DjangoSession.objects.exists()
    client.cookies["sessionid"] = signed_in
    assert client.get("/en/learning/").status_code == 200
