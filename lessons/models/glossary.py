"""Glossary terms: the English words lessons teach, explained in Korean and English."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class PartOfSpeech(models.TextChoices):
    NOUN = "noun", _("noun")
    VERB = "verb", _("verb")
    ADJECTIVE = "adjective", _("adjective")
    ADVERB = "adverb", _("adverb")
    PHRASE = "phrase", _("phrase")
    ABBREVIATION = "abbreviation", _("abbreviation")


class GlossaryTerm(index.Indexed, models.Model):
    """One English term with its Korean, explanations and an example; both languages in one row."""

    term = models.CharField(
        _("English term"), max_length=80, help_text=_("As a learner would meet it, e.g. 'security deposit'.")
    )
    part_of_speech = models.CharField(
        _("part of speech"),
        max_length=20,
        choices=PartOfSpeech.choices,
        default=PartOfSpeech.NOUN,
        help_text=_("Use 'phrase' for expressions of more than one word, e.g. 'Could you repeat that?'."),
    )
    korean = models.CharField(
        _("Korean"), max_length=120, help_text=_("The usual South Korean word or phrase, e.g. '보증금'.")
    )
    north_korean_note = models.TextField(
        _("North Korean usage note"),
        blank=True,
        max_length=400,
        help_text=_(
            "Where North Korean usage differs, or the South Korean word is an English loanword "
            "a reader from the North may not know. Written in Korean."
        ),
    )
    explanation_en = models.TextField(
        _("explanation (English)"), max_length=600, help_text=_("One or two plain sentences.")
    )
    explanation_ko = models.TextField(
        _("explanation (Korean)"), max_length=600, help_text=_("The same explanation in plain Korean.")
    )
    example_en = models.CharField(
        _("example sentence (English)"), max_length=300, help_text=_("A short, everyday sentence using the term.")
    )
    example_ko = models.CharField(
        _("example sentence (Korean)"), max_length=300, help_text=_("The example sentence in Korean.")
    )
    audio = models.ForeignKey(
        "lessons.AudioClip",
        verbose_name=_("audio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="glossary_terms",
        help_text=_("Optional recording of the term. Without one, the browser's own voice reads it."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("term"), FieldPanel("part_of_speech"), FieldPanel("audio")], heading=_("English")),
        MultiFieldPanel([FieldPanel("korean"), FieldPanel("north_korean_note")], heading=_("Korean")),
        MultiFieldPanel([FieldPanel("explanation_en"), FieldPanel("explanation_ko")], heading=_("Explanations")),
        MultiFieldPanel([FieldPanel("example_en"), FieldPanel("example_ko")], heading=_("Example")),
    ]

    search_fields = [
        index.SearchField("term", boost=3),
        index.AutocompleteField("term"),
        index.SearchField("korean", boost=2),
        index.AutocompleteField("korean"),
        index.SearchField("explanation_en"),
        index.SearchField("explanation_ko"),
        index.FilterField("part_of_speech"),
    ]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = [Lower("term")]
        constraints = [models.UniqueConstraint(Lower("term"), name="glossary_term_unique_ci")]

    def __str__(self):
        return self.term

    @property
    def initial(self):
        """The A–Z letter this term is filed under ('#' for digits and signs)."""
        first = self.term[:1].upper()
        return first if "A" <= first <= "Z" else "#"
