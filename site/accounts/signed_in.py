"""How every signed-in request reads its account: with the two flags every page asks about, in one query.

- ``enok_has_two_factor``: a confirmed authenticator app exists (accounts.middleware.TwoFactorMiddleware
  ends a session signed in without a code for such an account);
- ``enok_is_tutor``: the account is in the Tutors group (the header's Tutor link, the tutor pages' check).

Two prepared queries (core/prepared_queries.py) read it:

- `account_with_session(session_key, now)`: the account a live session is signed in to, with the
  session's data and expiry. The session store (accounts/sessions/) reads a session with it, so a
  signed-in request reads its session and its account in one round trip, not two.
- `account_by_id(user_id)`: the account alone, for a session read from the cache (Redis) or
  anywhere else the session was not read with its account (accounts/backends.py).
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.prepared_queries import PreparedQuery

from .roles import TUTORS


def with_flags(accounts):
    """The accounts queryset with both flags as booleans."""
    memberships = accounts.model.groups.through.objects
    return accounts.annotate(
        enok_has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        enok_is_tutor=Exists(memberships.filter(user=OuterRef("pk"), group__name=TUTORS)),
    )


def account_with_flags(user_id):
    """The account with this id, with its two flags, as a queryset."""
    return with_flags(get_user_model()._default_manager.filter(pk=user_id))


def account_with_live_session(session_key, now):
    """The account this session (unexpired at `now`) is signed in to, with its flags and the session's
    ``enok_session_data`` and ``enok_session_expiry``, as a queryset: one join, as one filter() makes it."""
    accounts = get_user_model()._default_manager.filter(
        sessions__session_key=session_key, sessions__expire_date__gt=now
    )
    return with_flags(accounts).annotate(
        enok_session_data=F("sessions__session_data"), enok_session_expiry=F("sessions__expire_date")
    )


# Compiling the account query with its two subqueries costs about 1 ms of CPU: each is compiled once per connection.
account_by_id = PreparedQuery(get_user_model(), account_with_flags, "id")
account_with_session = PreparedQuery(
    get_user_model(), account_with_live_session, "sessions__session_key", "sessions__expire_date"
)
