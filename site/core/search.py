"""Site search: live course, module and lesson pages in the active language, and glossary terms.

Plain functions called by core.views.search. Pages are found with Wagtail's
search backend (titles, introductions, summaries and lesson bodies), which
matches whole words only; Korean words carry particles ("은행에서"), so a
substring match over titles, introductions and summaries is added after the
backend's hits. Glossary terms come from lessons.glossary.search_terms.
Searches are not logged: what a learner looks for stays private.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from lessons.glossary import backend_query, clean_query, search_terms, term_url
from lessons.models import CoursePage, LessonPage, ModulePage

MAX_RESULTS = 20

# Each searchable page type, with the plain-text fields matched by substring
# and the field shown under the title in the results.
PAGE_TYPES = [
    (LessonPage, ["title", "intro"], "intro"),
    (ModulePage, ["title", "summary"], "summary"),
    (CoursePage, ["title", "summary"], "summary"),
]
SUMMARY_FIELDS = {model: summary for model, _fields, summary in PAGE_TYPES}


@dataclass
class PageHit:
    """One page in the results: its title, the kind of page, a summary and its URL."""

    title: str
    kind: str
    summary: str
    url: str


@dataclass
class TermHit:
    """One glossary term in the results, linking to its entry on the glossary page."""

    term: str
    korean: str
    explanation: str
    url: str


def _searchable_pages(locale):
    return Page.objects.live().public().type(*[model for model, _fields, _summary in PAGE_TYPES]).filter(locale=locale)


def _substring_matches(query, locale, limit):
    """Pages whose title, introduction or summary contains the query (for Korean words with particles)."""
    found = []
    for model, fields, _summary in PAGE_TYPES:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": query})
        found += list(model.objects.live().public().filter(locale=locale).filter(condition).order_by("path")[:limit])
    return found


def search_pages(query, locale=None, limit=MAX_RESULTS):
    """Live, public course, module and lesson pages of `locale` (default: the active one) matching `query`.

    Best matches first (the search backend's ranking), then substring matches
    the backend missed; at most `limit` specific pages.
    """
    query = clean_query(query)
    if not query:
        return []
    locale = locale or Locale.get_active()
    words = backend_query(query)
    pages = list(get_search_backend().search(words, _searchable_pages(locale).specific())[:limit]) if words else []
    if len(pages) < limit:
        seen = {page.pk for page in pages}
        for page in _substring_matches(query, locale, limit):
            if page.pk not in seen and len(pages) < limit:
                pages.append(page)
                seen.add(page.pk)
    return pages


def page_hit(page, request=None):
    """The PageHit for a specific page."""
    summary = getattr(page, SUMMARY_FIELDS.get(type(page), ""), "") or page.search_description
    return PageHit(
        title=page.title,
        kind=str(page._meta.verbose_name).capitalize(),
        summary=summary,
        url=page.get_url(request),
    )


def term_hit(term, language):
    """The TermHit for a glossary term, its explanation in the given language."""
    explanation = term.explanation_ko if language == "ko" else term.explanation_en
    return TermHit(term=term.term, korean=term.korean, explanation=explanation, url=term_url(term))


def site_search(query, request=None):
    """Everything templates/core/search.html shows: query, pages, terms, has_results."""
    query = clean_query(query)
    locale = Locale.get_active()
    pages = [page_hit(page, request) for page in search_pages(query, locale)] if query else []
    terms = [term_hit(term, locale.language_code) for term in search_terms(query)[:MAX_RESULTS]] if query else []
    return {"query": query, "pages": pages, "terms": terms, "has_results": bool(pages or terms)}
