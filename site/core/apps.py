from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from . import holes, signals  # noqa: F401
        from .uploads import apply_pillow_pixel_limit

        apply_pillow_pixel_limit()
