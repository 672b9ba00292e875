"""Site-wide pages: the home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import FeatureListBlock
from .routing import TranslationFallbackMixin


class HomePage(TranslationFallbackMixin, Page):
    """The front page of one language's tree: who the site is for and what it offers."""

    heading = models.CharField(
        _("heading"),
        max_length=120,
        help_text=_("The large line at the top of the page. Plain words, under 12 of them."),
    )
    intro = models.TextField(
        _("introduction"),
        max_length=600,
        help_text=_("Two or three sentences: who the site is for and what they can do here."),
    )
    start_label = models.CharField(
        _("start button label"),
        max_length=40,
        default="Start learning",
        help_text=_("The text of the button that leads to the courses."),
    )
    features = StreamField(
        FeatureListBlock(),
        blank=True,
        verbose_name=_("what the site offers"),
        help_text=_("Short items shown below the introduction."),
    )
    privacy_note = models.TextField(
        _("privacy note"),
        max_length=400,
        blank=True,
        help_text=_("A sentence about what the site does and does not ask for."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["lessons.CourseIndexPage"]

    search_fields = Page.search_fields + [
        index.SearchField("heading"),
        index.SearchField("intro"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("start_label"),
        FieldPanel("features"),
        FieldPanel("privacy_note"),
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")
