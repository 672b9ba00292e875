"""Course pages. The full Course > Module > Lesson tree is built by the courses issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class CourseIndexPage(Page):
    """The list of all courses in one language (/courses/)."""

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown above the list of courses."),
    )

    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("course index page")
        verbose_name_plural = _("course index pages")
