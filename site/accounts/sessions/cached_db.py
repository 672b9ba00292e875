"""Django's cached database sessions (django.contrib.sessions.backends.cached_db), in accounts.models.Session."""

from django.contrib.sessions.backends import cached_db

from . import AccountSessionMixin


class SessionStore(AccountSessionMixin, cached_db.SessionStore):
    pass
