"""Teaching blocks: what a lesson's body is made of.

Each block is small, has a docstring and a Meta with icon, template,
description and preview_value, and is gathered in LessonBodyBlock, the
StreamBlock that LessonPage.body uses. Question blocks live in quiz_blocks.py.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class BulkQuerysetMixin:
    """Fetch what every block of a page chose in one query, with what the templates will use.

    Wagtail loads chooser values for all blocks of a kind at once (bulk_to_python);
    this lets a block say which queryset to load them from, so related objects
    (a term's audio, an image's renditions) do not cost one query per block.
    """

    def get_queryset(self):
        return self.model_class.objects.all()

    def bulk_to_python(self, values):
        objects = self.get_queryset().in_bulk([value for value in values if value is not None])
        return [objects.get(value) for value in values]


class GlossaryTermChooserBlock(BulkQuerysetMixin, SnippetChooserBlock):
    """Chooses a glossary term, loaded with its audio clip."""

    def __init__(self, **kwargs):
        super().__init__("lessons.GlossaryTerm", **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("audio")


class LessonImageChooserBlock(BulkQuerysetMixin, ImageChooserBlock):
    """Chooses an image, loaded with its existing renditions."""

    def get_queryset(self):
        return super().get_queryset().prefetch_renditions()


class HeadingBlock(blocks.CharBlock):
    """A section heading inside a lesson (rendered as h2)."""

    class Meta:
        icon = "title"
        template = "lessons/blocks/heading_block.html"
        label = _("Heading")
        description = _("A short heading that starts a new part of the lesson.")
        preview_value = "Opening a checking account"
        max_length = 120
        form_classname = "title"


class ParagraphBlock(blocks.RichTextBlock):
    """Plain teaching text: bold, italic, links and lists only."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "lessons/blocks/paragraph_block.html"
        label = _("Text")
        description = _("Paragraphs of plain text, with bold, italic, links and lists.")
        preview_value = (
            "<p>A <b>checking account</b> is for money you spend: rent, bills and shopping. "
            "You can pay with a debit card linked to it.</p>"
        )


class ImageBlock(blocks.StructBlock):
    """A picture with required alt text and an optional caption, served as WebP renditions."""

    image = LessonImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        max_length=250,
        help_text=_("Describe what the picture shows for someone who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "lessons/blocks/image_block.html"
        label = _("Image")
        description = _("A picture that helps explain something, with alt text and a caption.")
        preview_value = {"alt_text": "A debit card and a checkbook on a table", "caption": "A debit card"}


class AudioBlock(blocks.StructBlock):
    """An uploaded recording with a caption and its transcript."""

    clip = SnippetChooserBlock("lessons.AudioClip", label=_("Audio clip"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "media"
        template = "lessons/blocks/audio_block.html"
        label = _("Audio")
        description = _("An uploaded recording, for example a phone message or a conversation.")
        preview_value = {"caption": "Listen to the message"}


class VocabularyBlock(blocks.StructBlock):
    """A list of glossary terms taught in this lesson; they enter the learner's review deck."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    terms = blocks.ListBlock(
        GlossaryTermChooserBlock(label=_("Term")),
        label=_("Terms"),
        min_num=1,
    )

    class Meta:
        icon = "list-ul"
        template = "lessons/blocks/vocabulary_block.html"
        label = _("Vocabulary")
        description = _("Glossary terms this lesson teaches, each with Korean, an explanation and Listen.")
        preview_value = {"title": "Words for this lesson"}


class DialogueLineBlock(blocks.StructBlock):
    """One line of a dialogue: who speaks, in English, and its Korean."""

    speaker = blocks.CharBlock(label=_("Speaker"), max_length=40, help_text=_("e.g. 'Teller' or 'You'."))
    english = blocks.CharBlock(label=_("English"), max_length=300)
    korean = blocks.CharBlock(label=_("Korean"), max_length=300)

    class Meta:
        icon = "openquote"
        label = _("Line")


class DialogueBlock(blocks.StructBlock):
    """A short conversation with a Korean translation of each line."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    lines = blocks.ListBlock(DialogueLineBlock(), label=_("Lines"), min_num=2)
    audio = SnippetChooserBlock(
        "lessons.AudioClip",
        label=_("Recording"),
        required=False,
        help_text=_("Optional. A recording of the whole dialogue replaces the browser's voice."),
    )

    class Meta:
        icon = "group"
        template = "lessons/blocks/dialogue_block.html"
        label = _("Dialogue")
        description = _("A short conversation, line by line, in English with Korean beside it.")
        preview_value = {
            "title": "At the bank",
            "lines": [
                {"speaker": "Teller", "english": "How can I help you today?", "korean": "오늘 무엇을 도와드릴까요?"},
                {"speaker": "You", "english": "I'd like to open an account.", "korean": "계좌를 열고 싶습니다."},
            ],
        }


class KeyPhraseBlock(blocks.StructBlock):
    """One useful English phrase with its Korean and a note on when to use it."""

    english = blocks.CharBlock(label=_("English"), max_length=200)
    korean = blocks.CharBlock(label=_("Korean"), max_length=200)
    note = blocks.TextBlock(label=_("Note"), required=False, max_length=400, help_text=_("When or how to use it."))
    audio = SnippetChooserBlock("lessons.AudioClip", label=_("Recording"), required=False)

    class Meta:
        icon = "snippet"
        template = "lessons/blocks/key_phrase_block.html"
        label = _("Key phrase")
        description = _("One phrase to learn by heart, with Korean, a note and Listen.")
        preview_value = {
            "english": "Could you say that again, please?",
            "korean": "다시 한번 말씀해 주시겠어요?",
            "note": "Use it whenever you did not understand. People are glad to repeat.",
        }


class CalloutBlock(blocks.StructBlock):
    """A tip, a warning, or a comparison between North Korea and the United States."""

    KINDS = [
        ("tip", _("Tip")),
        ("warning", _("Warning")),
        ("compare", _("In North Korea / In the US")),
    ]
    kind = blocks.ChoiceBlock(choices=KINDS, default="tip", label=_("Kind"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Text"),
        required=False,
        help_text=_("For a tip or a warning."),
    )
    in_north_korea = blocks.TextBlock(
        label=_("In North Korea"), required=False, max_length=600, help_text=_("For a comparison.")
    )
    in_the_us = blocks.TextBlock(label=_("In the US"), required=False, max_length=600, help_text=_("For a comparison."))

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["kind"] == "compare":
            for name in ("in_north_korea", "in_the_us"):
                if not value.get(name):
                    errors[name] = ValidationError(_("A comparison needs both sides."))
        elif not value.get("text") or not value["text"].source.strip():
            errors["text"] = ValidationError(_("A tip or a warning needs text."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "help"
        template = "lessons/blocks/callout_block.html"
        label = _("Callout")
        description = _("A tip, a warning, or 'In North Korea / In the US' side by side.")
        preview_value = {
            "kind": "compare",
            "title": "Paying for things",
            "in_north_korea": "Most things are paid for in cash.",
            "in_the_us": "Many people pay by card. Keep your card's PIN secret.",
        }


class ChecklistBlock(blocks.StructBlock):
    """A real-world task in steps the learner ticks off; ticks are kept per learner."""

    title = blocks.CharBlock(label=_("Task"), max_length=120, help_text=_("e.g. 'Before you visit the bank'."))
    items = blocks.ListBlock(blocks.CharBlock(label=_("Step"), max_length=200), label=_("Steps"), min_num=1)

    class Meta:
        icon = "tasks"
        template = "lessons/blocks/checklist_block.html"
        label = _("Checklist")
        description = _("A real-world task as steps to tick off, e.g. what to bring to the bank.")
        preview_value = {
            "title": "Before you visit the bank",
            "items": ["Bring your photo ID", "Bring proof of address", "Bring your Social Security card"],
        }


class LessonBodyBlock(blocks.StreamBlock):
    """The teaching part of a lesson."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    audio = AudioBlock()
    vocabulary = VocabularyBlock()
    dialogue = DialogueBlock()
    key_phrase = KeyPhraseBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
