"""The parts of every page that are about its reader (holes, core/page_frames.py): messages and the footer's name."""

from django.contrib.messages import get_messages
from django.template.loader import render_to_string

from .page_frames import hole


@hole("messages")
def messages(reader, argument):
    """Messages for this reader (includes/messages.html); showing them uses them up."""
    waiting = get_messages(reader.request)
    if not waiting:  # the usual case: nothing to render
        return ""
    return render_to_string("includes/messages.html", {"messages": waiting})


@hole("signed_in_as")
def signed_in_as(reader, argument):
    """'Signed in as …' with the account links, for a signed-in reader (includes/signed_in_as.html)."""
    if not reader.user.is_authenticated:
        return ""
    return render_to_string("includes/signed_in_as.html", {"user": reader.user})
