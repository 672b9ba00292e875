"""Wagtail's user administration, adapted to a user model without email or names.

accounts.apps.WagtailUsersConfig points Wagtail at UserViewSet below (the
documented way to customise the user forms: a WagtailUsersAppConfig subclass
with ``user_viewset``). Search and the listing use the username and the display
name; the forms are in accounts/admin_forms.py.
"""

from django.utils.functional import cached_property
from wagtail.users.views import users as wagtail_users

from .admin_forms import AdminUserCreationForm, AdminUserEditForm


class UserIndexView(wagtail_users.IndexView):
    """The user listing, searched by username and display name."""

    @cached_property
    def search_fields(self):
        return {"username", "display_name"}

    @cached_property
    def columns(self):
        """Wagtail's columns; the name column sorts by display name (there are no first and last names)."""
        columns = super().columns
        for column in columns:
            if column.name == "name":
                column.sort_key = "name"
        return columns

    def order_queryset(self, queryset):
        """Sort "name" by display name, then username; everything else as Wagtail does."""
        if self.ordering in ("name", "-name"):
            fields = ("display_name", "username")
            return queryset.order_by(*(("-" + f) if self.ordering.startswith("-") else f for f in fields))
        return super().order_queryset(queryset)


class UserViewSet(wagtail_users.UserViewSet):
    """Wagtail's user viewset with our forms and templates."""

    index_view_class = UserIndexView
    create_template_name = "accounts/admin_user_create.html"
    edit_template_name = "accounts/admin_user_edit.html"

    def get_form_class(self, for_update=False):
        """The edit form for existing users, the creation form for new ones."""
        return AdminUserEditForm if for_update else AdminUserCreationForm
