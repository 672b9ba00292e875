"""Build the fixed part of the page tree, idempotently.

Used by the demo loader and by the tests: locales en and ko, the English
HomePage as the default site's root (replacing Wagtail's welcome page), its
CourseIndexPage at /courses/, and their Korean translations made through
wagtail-localize. Running it again changes nothing that exists.
"""

from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from lessons.models import CourseIndexPage

from .content.home import COURSE_INDEX, HOME, english, korean_by_english
from .models import HomePage
from .translation import translate_with_localize


def ensure_locales():
    """Locales for every configured language; English is the source."""
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    korean_locale, _ = Locale.objects.get_or_create(language_code="ko")
    return english_locale, korean_locale


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_home_page(english_locale):
    """The English home page, root of the default site, with Wagtail's welcome page gone."""
    home = HomePage.objects.filter(locale=english_locale).first()
    if home is None:
        fields = english(HOME)
        features = [{"type": "feature", "value": {"title": t[0], "text": x[0]}} for t, x in HOME["features"]]
        home = HomePage(locale=english_locale, features=features, **fields)
        # Free the slug "home"; the welcome page goes once the site no longer points at it.
        _welcome_pages().update(slug="wagtail-welcome")
        _root_page(english_locale).add_child(instance=home)
        _publish(home)
    _make_default_site_root(home)
    _remove_wagtail_welcome_page()
    return home


def _root_page(english_locale):
    """Wagtail's tree root (made by its migrations; made here if a test flushed it)."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=english_locale))
    return root


def _welcome_pages():
    """The placeholder page that Wagtail's first migration creates."""
    return Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")


def _remove_wagtail_welcome_page():
    for page in _welcome_pages():
        page.delete()


def _make_default_site_root(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ENoK Learn")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "ENoK Learn"
        site.save()


def ensure_course_index(home):
    index = CourseIndexPage.objects.child_of(home).first()
    if index is None:
        index = CourseIndexPage(**english(COURSE_INDEX))
        home.add_child(instance=index)
        _publish(index)
    return index


def ensure_translated(page, korean_locale, content):
    """The Korean translation of `page`, made with wagtail-localize if missing."""
    existing = page.get_translation_or_none(korean_locale)
    if existing is not None:
        return existing
    return translate_with_localize(page, korean_locale, korean_by_english(content))


@transaction.atomic
def ensure_site_structure():
    """Create what is missing of the fixed page tree and return the English home page."""
    english_locale, korean_locale = ensure_locales()
    if Collection.get_first_root_node() is None:  # made by Wagtail's migrations; gone if a test flushed it
        Collection.add_root(name="Root")
    home = ensure_home_page(english_locale)
    index = ensure_course_index(home)
    ensure_translated(home, korean_locale, HOME)
    ensure_translated(index, korean_locale, COURSE_INDEX)
    return home
