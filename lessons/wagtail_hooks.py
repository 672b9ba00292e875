"""Admin for the lessons app: glossary terms and audio clips as snippets, under "Lesson content"."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AudioClip, GlossaryTerm, PartOfSpeech


class GlossaryTermFilterSet(WagtailFilterSet):
    """Filters for the glossary listing: part of speech, and whether a North Korean note is written."""

    part_of_speech = django_filters.ChoiceFilter(label=_("Part of speech"), choices=PartOfSpeech.choices)
    has_north_korean_note = django_filters.BooleanFilter(
        label=_("Has a North Korean note"), method="filter_has_north_korean_note"
    )

    class Meta:
        model = GlossaryTerm
        fields = ["part_of_speech"]

    def filter_has_north_korean_note(self, queryset, name, value):
        if value is None:
            return queryset
        written = ~Q(north_korean_note="")
        return queryset.filter(written) if value else queryset.exclude(written)


class GlossaryTermViewSet(SnippetViewSet):
    """Glossary terms: the English words lessons teach, with Korean and explanations."""

    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossary")
    menu_order = 100
    list_display = [
        "term",
        "korean",
        Column("get_part_of_speech_display", label=_("Part of speech"), sort_key="part_of_speech"),
        BooleanColumn("north_korean_note", label=_("North Korean note")),
    ]
    filterset_class = GlossaryTermFilterSet
    # A plain substring search (not the search backend), so that part of a
    # Korean word ("보증" in "보증금을") is found as well as English words.
    search_backend_name = None
    search_fields = ["term", "korean", "explanation_en", "explanation_ko"]
    ordering = ["term"]
    list_per_page = 50


class AudioClipViewSet(SnippetViewSet):
    """Uploaded recordings chosen by audio blocks and glossary terms."""

    model = AudioClip
    icon = "media"
    menu_label = _("Audio clips")
    menu_order = 200
    list_display = ["title", DateColumn("created_at", label=_("Uploaded"), sort_key="created_at")]
    search_backend_name = None
    search_fields = ["title", "transcript"]
    ordering = ["-created_at"]


class LessonContentGroup(SnippetViewSetGroup):
    """The "Lesson content" menu: everything lessons choose that is not a page."""

    items = (GlossaryTermViewSet, AudioClipViewSet)
    menu_label = _("Lesson content")
    menu_icon = "folder-open-inverse"
    menu_order = 250


register_snippet(LessonContentGroup)
