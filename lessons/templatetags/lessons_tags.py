"""Template helpers for lesson pages."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def lookup(mapping, key):
    """mapping[key], or an empty tuple when it is missing (for per-block data prepared by views)."""
    try:
        return mapping.get(key, ())
    except AttributeError:
        return ()


@register.simple_tag
def minutes(count):
    """'About 8 minutes', in the active language."""
    count = int(count or 0)
    return ngettext("About %(count)d minute", "About %(count)d minutes", count) % {"count": count}
