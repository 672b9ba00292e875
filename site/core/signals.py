"""Keep cached navigation, routes, pages and lesson renderings in step with published content.

Any change replaces the content version in the shared cache (core/page_cache.py),
which makes every cached route, anonymous page and lesson body stale at once, in
every app server.
"""

from functools import cache

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import content_changed


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_tree_changed(**kwargs):
    content_changed()


@cache
def _models_that_shape_pages():
    """Models whose rows show up in, or decide the routing of, public pages."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction, Site

    return (
        Site,
        Locale,
        PageViewRestriction,
        BaseSiteSetting,
        BaseGenericSetting,
        get_image_model(),
        apps.get_model("lessons", "GlossaryTerm"),
        apps.get_model("lessons", "AudioClip"),
    )


@receiver(post_save)
def content_row_saved(sender, instance, **kwargs):
    """A glossary term, image, audio clip, site, locale, setting or view restriction changed; or an alias page."""
    from wagtail.models import Page

    if isinstance(instance, _models_that_shape_pages()) or (
        isinstance(instance, Page) and instance.alias_of_id is not None
    ):
        content_changed()


@receiver(post_delete)
def content_row_deleted(sender, instance, **kwargs):
    """A page, or a row that shapes pages, was deleted."""
    from wagtail.models import Page

    if isinstance(instance, (Page, *_models_that_shape_pages())):
        content_changed()
