from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    label = "lessons"
    verbose_name = _("Lessons")

    def ready(self):
        from . import holes  # noqa: F401 - registers the lesson page's holes
