"""Django's session middleware, which also makes the request's session store known to the account backend."""

from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from . import request_session


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's SessionMiddleware; for the length of each request, accounts.sessions.request_session is its store.

    accounts.backends.AccountBackend takes from that store the account read with the session
    (accounts/sessions/__init__.py). It is cleared when the response leaves, so no later request,
    and no code run outside a request, can see it.
    """

    def process_request(self, request):
        super().process_request(request)
        request_session.set(request.session)

    def process_response(self, request, response):
        request_session.set(None)
        return super().process_response(request, response)
