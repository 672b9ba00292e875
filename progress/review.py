"""Vocabulary review: a Leitner deck of glossary terms per learner.

Scheduling is one pure function, `schedule`, with the day passed in: a card
starts in box 1, due the day it is added. "I knew it" moves it up one box (at
most box 5) and shows it again after that box's interval; "Not yet" sends it
back to box 1, due tomorrow. The deck services below read and write
ReviewCard rows; views call them and never change cards themselves.
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from .models import ReviewCard

# Days until a card in box 1, 2, 3, 4, 5 is shown again.
INTERVALS = (1, 2, 4, 8, 16)
FIRST_BOX = 1
LAST_BOX = len(INTERVALS)


def interval(box):
    """The number of days a card waits in `box` (1–5) before it is due again."""
    if not FIRST_BOX <= box <= LAST_BOX:
        raise ValueError(f"box must be {FIRST_BOX}–{LAST_BOX}, not {box}")
    return INTERVALS[box - 1]


def schedule(box, knew_it, today):
    """(new box, due date) after an answer given on `today` (a date) to a card in `box`.

    Pure: no database and no clock but the one passed in.
    """
    new_box = min(box + 1, LAST_BOX) if knew_it else FIRST_BOX
    return new_box, today + datetime.timedelta(days=interval(new_box))


# Deck services -----------------------------------------------------------------------------------


def _today(today):
    return today or timezone.localdate()


def lesson_terms(lesson):
    """The glossary terms a lesson teaches: those chosen in its vocabulary blocks, each once, in order."""
    terms = {}
    # blocks_by_name loads only the vocabulary blocks (one query for all their terms), not images or audio.
    for block in lesson.body.blocks_by_name("vocabulary"):
        for term in block.value["terms"]:
            if term is not None:  # a deleted term leaves a gap in the stream data
                terms.setdefault(term.pk, term)
    return list(terms.values())


def add_lesson_terms(user, lesson, today=None):
    """Put the terms a completed lesson teaches into the learner's deck, each once, due `today`.

    Terms already in the deck keep their box and due date. At most two queries
    (the lesson's terms, unless already loaded, and one INSERT); safe when two
    requests complete the same lesson at once. Returns the number of terms the
    lesson teaches.
    """
    terms = lesson_terms(lesson)
    if terms:
        due = _today(today)
        ReviewCard.objects.bulk_create(
            [ReviewCard(learner=user, term=term, box=FIRST_BOX, due_on=due) for term in terms],
            ignore_conflicts=True,
        )
    return len(terms)


def add_term(user, term, today=None):
    """Add one glossary term to the learner's deck, due `today`. Returns (card, created)."""
    return ReviewCard.objects.get_or_create(
        learner=user, term=term, defaults={"box": FIRST_BOX, "due_on": _today(today)}
    )


def due_cards(user, today=None):
    """The learner's cards due on or before `today`, longest waiting first, with their terms (one query)."""
    return (
        ReviewCard.objects.filter(learner=user, due_on__lte=_today(today))
        .select_related("term", "term__audio")
        .order_by("due_on", "box", "pk")
    )


def due_count(user, today=None):
    """How many of the learner's cards are due on or before `today` (0 for visitors)."""
    if not user.is_authenticated:
        return 0
    return ReviewCard.objects.filter(learner=user, due_on__lte=_today(today)).count()


def next_due_on(user, today=None):
    """The first day after `today` on which a card is due, or None when the deck is empty."""
    return ReviewCard.objects.filter(learner=user, due_on__gt=_today(today)).aggregate(first=Min("due_on"))["first"]


def deck_size(user):
    """How many terms are in the learner's deck."""
    return ReviewCard.objects.filter(learner=user).count()


def answer(user, card_id, knew_it, today=None, now=None):
    """Record the learner's answer to one of their cards and schedule it again.

    Returns False, changing nothing, when the card does not exist or is not
    the learner's (views answer 404). A card that is not due (an answer sent
    twice, say by a double tap) is left as it is, and True is returned: the
    answer was already counted. The UPDATE only applies to the card as it was
    read, so two answers racing each other move it once.
    """
    today = _today(today)
    card = ReviewCard.objects.filter(pk=card_id, learner=user).first()
    if card is None:
        return False
    if card.due_on > today:
        return True
    box, due_on = schedule(card.box, knew_it, today)
    ReviewCard.objects.filter(pk=card.pk, box=card.box, due_on=card.due_on).update(
        box=box, due_on=due_on, last_reviewed_at=now or timezone.now()
    )
    return True
