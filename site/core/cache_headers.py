"""Pages for signed-in people are never stored by browsers or proxies."""

from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivatePagesMiddleware:
    """Responses to signed-in users get Cache-Control: no-store (a shared or stolen phone keeps nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_vary_headers(response, ["Cookie"])
        return response
