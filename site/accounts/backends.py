"""How the signed-in person is loaded on every request: the account and what every page asks of it, in one query."""

from django.contrib.auth.backends import ModelBackend

from .sessions import account_read_with_session
from .signed_in import account_by_id


class AccountBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions), loading each request's user with two answers attached.

    - ``enok_has_two_factor``: a confirmed authenticator app exists;
    - ``enok_is_tutor``: the account is in the Tutors group.

    Both are read in the same query as the account, as of the start of the request
    (accounts/signed_in.py; accounts.two_factor.had_two_factor_when_loaded,
    accounts.roles.is_tutor). When the request's session was read from the database,
    that same query read the account too (accounts/sessions/): it is taken from
    there. Otherwise (a session from the cache) the account is read by its id. Each
    query's SQL is made once per connection (core/prepared_queries.py): about 0.16 ms
    of CPU, against 1.2 ms when the ORM compiled it for each request.
    """

    def get_user(self, user_id):
        account = account_read_with_session(user_id)
        if account is None:
            found = account_by_id(user_id)
            if not found:
                return None
            account = found[0]
        return account if self.user_can_authenticate(account) else None
