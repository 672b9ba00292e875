"""The "Lesson statistics" report in the Wagtail admin: figures per lesson, never who.

Views stay thin: the counting is in progress/statistics.py. Only people who
write content see the report (see `can_view_lesson_statistics`); every other
admin user is refused.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from lessons.models import LessonPage

from .permissions import can_view_lesson_statistics
from .statistics import MIN_LEARNERS_FOR_BREAKDOWN, lesson_statistics, question_statistics

INDEX_URL_NAME = "progress_lesson_statistics"
DETAIL_URL_NAME = "progress_lesson_statistics_detail"


class EditorsOnlyMixin:
    """Refuse (403, shown by the admin as "no permission") anyone who may not see the statistics."""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_lesson_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PercentColumn(Column):
    """A whole percent, or a dash when there is nothing to count yet."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        raw = context["raw_value"]
        context["value"] = "—" if raw is None else f"{raw}%"
        return context


def _detail_url(row):
    return reverse(DETAIL_URL_NAME, args=[row.lesson.pk])


class LessonStatisticsView(EditorsOnlyMixin, ReportView):
    """Every lesson of the source (English) tree in course order, with counts for all learners together."""

    template_name = "progress/admin/lesson_statistics.html"
    page_title = _("Lesson statistics")
    header_icon = "table"
    index_url_name = INDEX_URL_NAME
    default_ordering = "path"
    verbose_name = _("lesson")
    verbose_name_plural = _("lessons")
    columns = [
        TitleColumn("title", label=_("Lesson"), get_url=_detail_url, sort_key="title"),
        Column("course_title", label=_("Course"), sort_key="path"),
        Column("module_title", label=_("Module")),
        NumberColumn("started", label=_("Started")),
        NumberColumn("completed", label=_("Completed")),
        PercentColumn("completion_percent", label=_("Completion rate")),
        PercentColumn("average_best_percent", label=_("Average best score")),
        NumberColumn("attempts", label=_("Quiz attempts")),
    ]
    list_export = [
        "title",
        "course_title",
        "module_title",
        "started",
        "completed",
        "completion_percent",
        "quiz_takers",
        "average_best_percent",
        "attempts",
    ]
    export_headings = {
        "title": _("Lesson"),
        "course_title": _("Course"),
        "module_title": _("Module"),
        "started": _("Started"),
        "completed": _("Completed"),
        "completion_percent": _("Completion rate (%)"),
        "quiz_takers": _("Took the quiz"),
        "average_best_percent": _("Average best score (%)"),
        "attempts": _("Quiz attempts"),
    }
    export_filename = "lesson-statistics"

    def get_base_queryset(self):
        # The teaching text and quiz are not needed for the list.
        return LessonPage.objects.filter(locale=Locale.get_default()).defer("body", "quiz")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = lesson_statistics(context["object_list"])
        context["object_list"] = rows
        context["table"] = self.get_table(rows)
        context["min_learners"] = MIN_LEARNERS_FOR_BREAKDOWN
        return context


class LessonStatisticsDetailView(EditorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One lesson's figures and its questions, most often answered wrong first."""

    template_name = "progress/admin/lesson_statistics_detail.html"
    header_icon = "table"

    @cached_property
    def lesson(self):
        """The lesson asked for, as its source-language page (prompts and titles are the source's)."""
        lesson = get_object_or_404(LessonPage, pk=self.kwargs["pk"])
        return lesson.get_translation_or_none(Locale.get_default()) or lesson

    def get_page_title(self):
        return _("Statistics: %(lesson)s") % {"lesson": self.lesson.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(INDEX_URL_NAME), "label": _("Lesson statistics")},
            {"url": "", "label": self.lesson.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = lesson_statistics([self.lesson])[0]
        context.update(
            lesson=self.lesson,
            summary=summary,
            questions=question_statistics(self.lesson) if summary.shows_breakdown else None,
            has_quiz=bool(self.lesson.quiz),
            min_learners=MIN_LEARNERS_FOR_BREAKDOWN,
            index_url=reverse(INDEX_URL_NAME),
            edit_url=reverse("wagtailadmin_pages:edit", args=[self.lesson.pk]),
        )
        return context
