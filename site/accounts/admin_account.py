"""Wagtail's admin "Account" page without the name, email and profile-picture panels.

We store no real name, no email address and no photo (accounts/models.py,
tests/accounts/test_data_minimisation.py), so those panels have nothing to
edit; the page keeps notifications, language and time zone, theme and password.
config/urls.py serves this view at Wagtail's own address for the page.
"""

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import account as wagtail_account

LEFT_OUT_PANELS = (wagtail_account.NameEmailSettingsPanel, wagtail_account.AvatarSettingsPanel)


class AdminAccountView(wagtail_account.AccountView):
    """The admin account page, less the panels for data we do not keep."""

    def get_panels(self):
        """Wagtail's panels, without those in LEFT_OUT_PANELS."""
        return [panel for panel in super().get_panels() if not isinstance(panel, LEFT_OUT_PANELS)]


admin_account_view = require_admin_access(AdminAccountView.as_view())
