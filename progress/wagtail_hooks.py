"""Admin for the progress app: the "Lesson statistics" report under Reports, for editors only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import (
    DETAIL_URL_NAME,
    INDEX_URL_NAME,
    LessonStatisticsDetailView,
    LessonStatisticsView,
)
from .permissions import can_view_lesson_statistics


class LessonStatisticsMenuItem(MenuItem):
    """Shown only to those who may open the report (the views check again)."""

    def is_shown(self, request):
        return can_view_lesson_statistics(request.user)


@hooks.register("register_admin_urls")
def register_lesson_statistics_urls():
    return [
        path("reports/lesson-statistics/", LessonStatisticsView.as_view(), name=INDEX_URL_NAME),
        path("reports/lesson-statistics/<int:pk>/", LessonStatisticsDetailView.as_view(), name=DETAIL_URL_NAME),
    ]


@hooks.register("register_reports_menu_item")
def register_lesson_statistics_menu_item():
    return LessonStatisticsMenuItem(
        _("Lesson statistics"),
        reverse(INDEX_URL_NAME),
        name="lesson-statistics",
        icon_name="table",
        order=1300,
    )
