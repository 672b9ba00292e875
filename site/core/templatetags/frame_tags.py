"""{% hole "name" [argument] %}: a part of a page that is about its reader (core/page_frames.py)."""

from django import template

from .. import page_frames

register = template.Library()


@register.simple_tag(takes_context=True)
def hole(context, name, argument=""):
    """This reader's part (rendered from the context), or a marker while a shared frame is being rendered."""
    return page_frames.render_hole(name, context["request"], context.get("page"), context, argument)
