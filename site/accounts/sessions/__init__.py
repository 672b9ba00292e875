"""Session engines: Django's database and cached-database sessions, kept in accounts.models.Session.

settings.SESSION_ENGINE is "accounts.sessions.db" without Redis and "accounts.sessions.cached_db"
with it. Everything but two things is Django's own (this is the custom session model Django's
documentation describes):

- Saving a session fills its ``account`` column from the account id in its data.
- Reading a session from the database reads the account it is signed in to in the same query
  (accounts.signed_in.account_with_session), and keeps it on the store as ``account``. Until the
  request ends, accounts.backends.AccountBackend takes that account instead of reading it again,
  once, and only for the same id; Django's checks of the session (the password hash in it) stay
  as they are. A session without an account (before sign-in) is read on its own: a second query.

The store of the request being handled is known through a context variable that
accounts.sessions.middleware.SessionMiddleware sets and clears around each request.
"""

from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.prepared_queries import PreparedQuery

from ..models import Session
from ..signed_in import account_with_session

_live_session = PreparedQuery(
    Session,
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    "session_key",
    "expire_date",
)

request_session = ContextVar("enok_request_session", default=None)


def account_read_with_session(user_id):
    """The account the current request's session was read with, if it has this id; handed over once."""
    store = request_session.get()
    account = getattr(store, "account", None)
    if account is None or account.pk != user_id:
        return None
    store.account = None
    return account


def account_id_in(data):
    """The id of the account a session's data is signed in to, or None."""
    try:
        return get_user_model()._meta.pk.to_python(data[SESSION_KEY])
    except (KeyError, ValidationError):  # no id, or one that is not an account's
        return None


class AccountSessionMixin:
    """What both engines change of Django's database store: the model, its account column, the read."""

    account = None  # the account read with the session, until accounts.backends takes it

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.account_id = account_id_in(data)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.account_id = account_id_in(data)
        return session

    def _get_session_from_db(self):
        """The live session with this key, as Django's database store reads it, its account read with it."""
        now = timezone.now()
        found = account_with_session(self.session_key, now)
        if found:
            account = found[0]
            # The session's columns go to the session; the account keeps only its own fields and flags.
            session = Session(
                session_key=self.session_key,
                session_data=account.__dict__.pop("enok_session_data"),
                expire_date=account.__dict__.pop("enok_session_expiry"),
                account_id=account.pk,
            )
            self.account = account
            return session
        found = _live_session(self.session_key, now)
        if not found:
            self._session_key = None
            return None
        return found[0]
