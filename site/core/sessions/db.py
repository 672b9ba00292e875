"""Django's database-backed sessions (django.contrib.sessions.backends.db), read with a PreparedQuery."""

from django.contrib.sessions.backends import db

from . import PreparedReadMixin


class SessionStore(PreparedReadMixin, db.SessionStore):
    pass
