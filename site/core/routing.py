"""Serve the English page, with a note, where a Korean translation is missing.

The Korean tree may lag behind the English one while editors translate. A
request for /ko/…/some-lesson/ whose Korean page does not exist yet is routed
through the English (source) tree instead, so the learner reads the English
lesson with the Korean interface and a note saying it is not translated yet.
"""

from django.http import Http404
from wagtail.models import Locale


class TranslationFallbackMixin:
    """Route to the default language's page when this locale has no such child."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            default_locale = Locale.get_default()
            if self.locale_id == default_locale.pk:
                raise
            source = self.get_translation_or_none(default_locale)
            if source is None:
                raise
            return source.specific.route(request, path_components)

    def get_view_restrictions(self):
        """The view restrictions this page is under; core.page_cache hands them over with a cached route."""
        cached = getattr(self, "_enok_view_restrictions", None)
        if cached is not None:
            return cached
        return super().get_view_restrictions()

    @property
    def is_translation_fallback(self):
        """True when this page is shown in a language it has not been translated into."""
        from django.utils.translation import get_language

        return self.locale.language_code != get_language()
