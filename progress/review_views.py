"""Vocabulary review pages: one due card at a time, answered with a plain form post.

With JavaScript (lessons/static/lessons/js/review.js) the same form is sent
with fetch and the answer view replies with the next card's page, so no
reload is needed; without it, the post redirects to the review page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.glossary import explanations_for, term_anchor, term_url
from lessons.models import GlossaryTerm

from . import review as deck


def _review_context(user, today):
    """What templates/progress/review.html shows: the first due card and how many are due, or when the next is."""
    cards = list(deck.due_cards(user, today)[:1])
    card = cards[0] if cards else None
    context = {
        "card": card,
        "due_count": deck.due_count(user, today),
        "next_due_on": None,
        "deck_size": None,
        "explanations": [],
    }
    if card is None:
        context["next_due_on"] = deck.next_due_on(user, today)
        context["deck_size"] = deck.deck_size(user)
    else:
        context["explanations"] = explanations_for(card.term, get_language())
    return context


@login_required
def review(request):
    """Today's review: the first due card, or a friendly note when none are due."""
    return render(request, "progress/review.html", _review_context(request.user, timezone.localdate()))


@require_POST
@login_required
def answer(request):
    """Record 'I knew it' (knew=1) or 'Not yet' (knew=0) for one of the learner's cards.

    A plain post redirects to the review page (the next card). Sent by
    review.js (X-Requested-With: fetch), the reply is that page itself, so the
    next card arrives in the same round trip. Another learner's card is 404.
    """
    try:
        card_id = int(request.POST.get("card", ""))
    except ValueError:
        return HttpResponseBadRequest()
    knew = request.POST.get("knew")
    if knew not in ("0", "1"):
        return HttpResponseBadRequest()
    today = timezone.localdate()
    if not deck.answer(request.user, card_id, knew == "1", today):
        raise Http404
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "progress/review.html", _review_context(request.user, today))
    return redirect("review:review")


@require_POST
@login_required
def add(request):
    """Add a glossary term to the learner's deck, then go back to it on the glossary page."""
    try:
        term_id = int(request.POST.get("term", ""))
    except ValueError:
        return HttpResponseBadRequest()
    term = get_object_or_404(GlossaryTerm, pk=term_id)
    _card, created = deck.add_term(request.user, term)
    if created:
        messages.success(request, _("“%(term)s” is now in your review words.") % {"term": term.term})
    else:
        messages.info(request, _("“%(term)s” is already in your review words.") % {"term": term.term})
    back = request.POST.get("next", "")
    if back.startswith(reverse("lessons:glossary")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(f"{back.split('#')[0]}#{term_anchor(term)}")
    return redirect(term_url(term))
