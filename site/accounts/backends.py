"""How the signed-in person is loaded on every request: the account and what every page asks of it, in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.prepared_queries import PreparedQuery

from .roles import TUTORS


def account_with_flags(user_id):
    """The account with this id, with its two flags, as a queryset."""
    users = get_user_model()._default_manager
    return users.filter(pk=user_id).annotate(
        enok_has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        enok_is_tutor=Exists(users.model.groups.through.objects.filter(user=OuterRef("pk"), group__name=TUTORS)),
    )


# Compiling the query with its two subqueries costs about 1 ms of CPU: it is done once per database connection.
_account_with_flags = PreparedQuery(get_user_model(), account_with_flags, "id")


class AccountBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions), loading each request's user with two answers attached.

    - ``enok_has_two_factor``: a confirmed authenticator app exists (accounts.middleware.TwoFactorMiddleware
      ends a session signed in without a code for such an account);
    - ``enok_is_tutor``: the account is in the Tutors group (the header's Tutor link, the tutor pages' check).

    Both are read in the same query as the account, as of the start of the request
    (accounts.two_factor.had_two_factor_when_loaded, accounts.roles.is_tutor). That
    query is one round trip instead of three, and its SQL is made once per connection
    (core/prepared_queries.py): about 0.16 ms of CPU, against 1.2 ms when the ORM
    compiled it for each request.
    """

    def get_user(self, user_id):
        found = _account_with_flags(user_id)
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None
