"""What the public glossary shows: search, the A–Z bar, terms grouped by letter, and the lessons teaching each.

Plain functions over GlossaryTerm and Wagtail's reference index, called by
lessons.views.glossary (and core.search for glossary hits). The glossary page
makes the same number of queries however many terms and lessons there are:
one for the terms, one for the reference index, one for the lessons.

Search combines two things because neither is enough alone for Korean:
Wagtail's search backend matches whole words only (on SQLite: exact tokens;
on PostgreSQL: English stems too, so "deposits" finds "deposit"), and Korean
words carry particles ("보증금을"), so a plain case-insensitive substring match
over the English term, the Korean and the explanations is added to it.
"""

import re
import string
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Locale, ReferenceIndex
from wagtail.search.backends import get_search_backend

from .models import GlossaryTerm, LessonPage
from .outline import url_for_language

OTHER = "#"
LETTERS = [*string.ascii_uppercase, OTHER]
MAX_QUERY_LENGTH = 100
# Queries shorter than this are only matched against the term and its Korean:
# "a" or "in" would otherwise match nearly every explanation.
MIN_EXPLANATION_QUERY = 3


def clean_query(value):
    """The search text as typed, trimmed and capped in length ('' for none).

    Control characters become spaces: PostgreSQL refuses NUL in a query, and
    none of them can be typed into a search box.
    """
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in (value or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def backend_query(query):
    """The query's words only, for Wagtail's search backend ('' if none).

    Quotes, brackets, '*' and '-' mean something to SQLite's full-text search
    and make it fail with a syntax error, so only letters and digits are passed on.
    """
    return " ".join(re.findall(r"\w+", query or ""))


def clean_letter(value):
    """The A–Z letter asked for ('A'…'Z' or '#'), or '' when none or not a letter we file under."""
    value = (value or "").strip().upper()
    return value if value in LETTERS else ""


def search_terms(query, queryset=None):
    """Glossary terms matching `query` in English or Korean: the term, its Korean, and the explanations.

    Returns a queryset (alphabetical), so callers can slice or add select_related.
    """
    queryset = GlossaryTerm.objects.all() if queryset is None else queryset
    query = clean_query(query)
    if not query:
        return queryset.none()
    condition = Q(term__icontains=query) | Q(korean__icontains=query)
    if len(query) >= MIN_EXPLANATION_QUERY:
        condition |= Q(explanation_en__icontains=query) | Q(explanation_ko__icontains=query)
    words = backend_query(query)
    if words:
        backend_hits = get_search_backend().search(words, GlossaryTerm, order_by_relevance=False)
        condition |= Q(pk__in=[term.pk for term in backend_hits])
    return queryset.filter(condition)


def letters_in_use(terms):
    """The set of initials ('A'…'Z', '#') that the given terms are filed under."""
    return {term.initial for term in terms}


@dataclass
class LessonLink:
    """A lesson that teaches a term, as linked from the glossary in the active language."""

    title: str
    url: str
    is_fallback: bool = False


@dataclass
class GlossaryEntry:
    """One term as the glossary shows it, explanations ordered for the active language."""

    term: GlossaryTerm
    explanations: list = field(default_factory=list)  # [(language_code, text)], active language first
    lessons: list = field(default_factory=list)  # [LessonLink]

    @property
    def anchor(self):
        return term_anchor(self.term)


def term_anchor(term):
    """The id of a term's entry on the glossary page (for /en/glossary/#term-12)."""
    return f"term-{term.pk}"


def letter_anchor(letter):
    """The id of a letter's heading: 'letter-a' … 'letter-z', 'letter-other' for '#'."""
    return "letter-other" if letter == OTHER else f"letter-{letter.lower()}"


def explanations_for(term, language):
    """The term's explanations as (language, text) pairs, the given language first."""
    pairs = [("en", term.explanation_en), ("ko", term.explanation_ko)]
    if language == "ko":
        pairs.reverse()
    return [(code, text) for code, text in pairs if text]


def lessons_teaching(terms, request=None):
    """{term pk: [LessonLink]}: the live lessons whose body chooses each term, in the active language.

    Read from Wagtail's reference index, which records every snippet a page's
    StreamField chooses when the page is saved. Two queries (and the locale
    look-ups) for any number of terms and lessons. A lesson is shown in the active locale; where it has no live
    translation yet, its English (default-locale) page is linked under the
    active language's prefix, which core.routing serves with a note.
    """
    pks = [str(term.pk) for term in terms]
    if not pks:
        return {}
    references = list(
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(GlossaryTerm),
            to_object_id__in=pks,
            content_type=ContentType.objects.get_for_model(LessonPage),
        )
        .values_list("to_object_id", "object_id")
        .distinct()
    )
    if not references:
        return {}
    referencing_pks = {int(page_pk) for _term_pk, page_pk in references}
    active = Locale.get_active()
    default = Locale.get_default()
    # Every live lesson that is a referencing lesson or one of its translations,
    # in the active or the default locale.
    candidates = list(
        LessonPage.objects.live()
        .filter(
            translation_key__in=LessonPage.objects.live().filter(pk__in=referencing_pks).values("translation_key"),
        )
        .filter(Q(locale_id__in={active.pk, default.pk}) | Q(pk__in=referencing_pks))
        .select_related("locale")
        .order_by("path")
    )
    key_of = {page.pk: page.translation_key for page in candidates}
    chosen = {}
    for page in candidates:
        if page.locale_id == active.pk:
            chosen[page.translation_key] = page
        elif page.locale_id == default.pk:
            chosen.setdefault(page.translation_key, page)

    language = active.language_code
    links = {}
    for page in sorted(chosen.values(), key=lambda page: page.path):
        url = page.get_url(request)
        if url is None:
            continue
        fallback = page.locale_id != active.pk
        if fallback:
            url = url_for_language(url, language)
        links[page.translation_key] = LessonLink(title=page.title, url=url, is_fallback=fallback)

    keys_by_term = {}
    for term_pk, page_pk in references:
        key = key_of.get(int(page_pk))
        if key in links:
            keys_by_term.setdefault(int(term_pk), set()).add(key)
    # In the order of the page tree (links is filled in path order).
    return {term_pk: [link for key, link in links.items() if key in keys] for term_pk, keys in keys_by_term.items()}


def az_bar(in_use, current_letter, base_url):
    """The A–Z bar: one dict per letter with its label, link (None when no term starts with it) and state."""
    bar = []
    for letter in LETTERS:
        url = f"{base_url}?{urlencode({'letter': letter})}" if letter in in_use else None
        bar.append({"letter": letter, "url": url, "current": letter == current_letter})
    return bar


def glossary_url():
    """The glossary's URL in the active language."""
    return reverse("lessons:glossary")


def term_url(term):
    """A link to one term on the glossary page in the active language, searched for so it is in view."""
    return f"{glossary_url()}?{urlencode({'q': term.term})}#{term_anchor(term)}"


def glossary_context(request, query="", letter=""):
    """Everything templates/lessons/glossary.html shows, in a fixed number of queries.

    Context: query, letter, az (the A–Z bar), groups ([{letter, entries}]),
    term_count (all terms), result_count, is_filtered, clear_url.
    """
    query = clean_query(query)
    letter = "" if query else clean_letter(letter)
    language = get_language()
    base_url = glossary_url()

    all_terms = list(GlossaryTerm.objects.select_related("audio"))
    in_use = letters_in_use(all_terms)
    if not query and not letter and in_use:
        # One letter at a time keeps the page small on a phone; the first letter in use by default.
        letter = next(candidate for candidate in LETTERS if candidate in in_use)
    if query:
        matching = set(search_terms(query).values_list("pk", flat=True))
        shown = [term for term in all_terms if term.pk in matching]
    elif letter:
        shown = [term for term in all_terms if term.initial == letter]
    else:
        shown = all_terms

    teaching = lessons_teaching(shown, request)
    by_letter = {}
    for term in shown:
        entry = GlossaryEntry(
            term=term, explanations=explanations_for(term, language), lessons=teaching.get(term.pk, [])
        )
        by_letter.setdefault(term.initial, []).append(entry)
    # In A–Z order, with '#' (digits, signs) last although digits sort first.
    groups = [
        {"letter": letter, "anchor": letter_anchor(letter), "entries": by_letter[letter]}
        for letter in LETTERS
        if letter in by_letter
    ]

    return {
        "query": query,
        "letter": letter,
        "az": az_bar(in_use, letter, base_url),
        "groups": groups,
        "term_count": len(all_terms),
        "result_count": len(shown),
        "is_filtered": bool(query),
        "clear_url": base_url,
    }
