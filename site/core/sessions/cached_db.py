"""Django's cached database sessions (django.contrib.sessions.backends.cached_db), read with a PreparedQuery."""

from django.contrib.sessions.backends import cached_db

from . import PreparedReadMixin


class SessionStore(PreparedReadMixin, cached_db.SessionStore):
    pass
