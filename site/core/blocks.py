"""StreamField blocks shared across the site."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class FeatureBlock(blocks.StructBlock):
    """One thing the site offers, as a short title and a sentence or two."""

    title = blocks.CharBlock(max_length=80, help_text=_("A few words, for example 'Money and banking'."))
    text = blocks.TextBlock(max_length=300, help_text=_("One or two plain sentences."))

    class Meta:
        icon = "pick"
        template = "core/blocks/feature_block.html"
        label = _("Feature")
        description = _("A short title and one or two sentences about something the site offers.")
        preview_value = {
            "title": "Money and banking",
            "text": "Open a bank account, use a debit card safely and spot scams.",
        }


class FeatureListBlock(blocks.StreamBlock):
    """The home page's list of what the site offers."""

    feature = FeatureBlock()

    class Meta:
        block_counts = {"feature": {"max_num": 8}}
