"""App configurations: accounts itself, and Wagtail's users app with our user viewset."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default = True

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user viewset (no email or name fields); replaces "wagtail.users"."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
