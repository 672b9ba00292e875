"""Build the fixed part of the page tree, idempotently.

Used by the demo loader and by the tests: locales en and ko, the English
HomePage as the default site's root (replacing Wagtail's welcome page), its
CourseIndexPage at /courses/, and their Korean translations made through
wagtail-localize. Running it again changes nothing that exists.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Site

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
    """The English home page, root of the default site."""
    home = HomePage.objects.filter(locale=english_locale).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    welcome = root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
    if welcome is not None:  # Wagtail's "Welcome to your new Wagtail site!" page
        welcome.slug = "home-wagtail-welcome"
        welcome.save()
    fields = english(HOME)
    home = HomePage(
        locale=english_locale,
        features=[{"type": "feature", "value": {"title": t[0], "text": x[0]}} for t, x in HOME["features"]],
        **fields,
    )
    root.add_child(instance=home)
    _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ENoK Learn")
    else:
        site.root_page = home
        site.site_name = "ENoK Learn"
        site.save()
    if welcome is not None:
        welcome.delete()
    return home


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
    home = ensure_home_page(english_locale)
    index = ensure_course_index(home)
    ensure_translated(home, korean_locale, HOME)
    ensure_translated(index, korean_locale, COURSE_INDEX)
    return home
