"""Template tags that show cached parts of lesson pages (lessons/render_cache.py)."""

from django import template

from .. import render_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_body(context):
    """The lesson's body blocks, from the cache where nothing in them is about the reader."""
    return render_cache.render_body(context)


@register.simple_tag(takes_context=True)
def lesson_quiz(context):
    """The lesson's quiz: a fresh form from the cache (with this request's tokens), a result rendered anew."""
    return render_cache.render_quiz(context)
