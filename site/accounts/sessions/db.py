"""Django's database-backed sessions (django.contrib.sessions.backends.db), in accounts.models.Session."""

from django.contrib.sessions.backends import db

from . import AccountSessionMixin


class SessionStore(AccountSessionMixin, db.SessionStore):
    pass
