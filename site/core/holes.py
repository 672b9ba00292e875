"""The parts of every page that are about its reader (holes, core/page_frames.py): messages and the footer's name."""

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .page_frames import hole


@hole("messages")
def messages(reader, argument):
    """Messages for this reader (includes/messages.html); showing them uses them up."""
    waiting = get_messages(reader.request)
    if not waiting:  # the usual case: nothing to render
        return ""
    return render_to_string("includes/messages.html", {"messages": waiting})


# Stands for the reader's name in the shared rendering of "Signed in as …"; letters only, so escaping keeps it.
NAME_STAND_IN = "enokReaderNameStandIn"


@hole("signed_in_as")
def signed_in_as(reader, argument):
    """'Signed in as …' with the account links, for a signed-in reader (includes/signed_in_as.html).

    The same for every reader but the name: rendered once per frame with a stand-in
    for it (Reader.shared), and each reader's own name, escaped, put in its place.
    """
    if not reader.user.is_authenticated:
        return ""
    html = reader.shared(
        "signed_in_as", (), lambda csrf_token: render_to_string("includes/signed_in_as.html", {"name": NAME_STAND_IN})
    )
    # The template escapes what it shows; the name put back is escaped here.
    return mark_safe(str(html).replace(NAME_STAND_IN, conditional_escape(reader.user.shown_name)))  # noqa: S308
