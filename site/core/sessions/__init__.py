"""Session engines: Django's database and cached-database sessions, each reading a session with a PreparedQuery.

settings.SESSION_ENGINE is "core.sessions.db" without Redis and "core.sessions.cached_db"
with it. Everything but the read of one session from the database is Django's own.
"""

from django.contrib.sessions.models import Session
from django.utils import timezone

from core.prepared_queries import PreparedQuery

_live_session = PreparedQuery(
    Session,
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    "session_key",
    "expire_date",
)


class PreparedReadMixin:
    """Read the session row as Django's database store does (unexpired, by key), with the SQL made once."""

    def _get_session_from_db(self):
        found = _live_session(self.session_key, timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]
