"""The header's links, computed once per language and kept in the cache.

The courses link points at the CourseIndexPage of the active language (or the
English one where no translation exists yet). The cached value is dropped
whenever a page is published, unpublished, moved or deleted (core/signals.py).
"""

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

CACHE_KEY = "nav:links:{language}"
LANGUAGES_KEY = "nav:languages"


def _courses_url():
    from lessons.models import CourseIndexPage

    index = CourseIndexPage.objects.live().filter(locale__language_code=get_language()).first()
    if index is None:
        index = CourseIndexPage.objects.live().order_by("locale_id").first()
    return index.url if index is not None else None


def header_links():
    """A dict of URLs for the header, in the active language."""
    key = CACHE_KEY.format(language=get_language())
    links = cache.get(key)
    if links is None:
        links = {
            "courses": _courses_url(),
            "glossary": reverse("lessons:glossary"),
            "search": reverse("core:search"),
            "my_learning": reverse("progress:my_learning"),
            "tutor": reverse("tutor:home"),
        }
        cache.set(key, links, timeout=None)
    return links


def forget_header_links():
    """Drop the cached links in every language (after the page tree changes)."""
    from django.conf import settings

    cache.delete_many([CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
