"""Wagtail admin forms for user accounts, without email or real names.

Wagtail's own user forms add required email, first name and last name
fields; our user model has none of them (accounts/models.py). These forms
remove those fields and offer the display name instead. The admin's account
page ("Account", accounts/admin_account.py) likewise drops the name, email
and profile picture panels.
"""

from wagtail.users.forms import UserCreationForm, UserEditForm

ADMIN_USER_FIELDS = {"username", "display_name", "is_superuser", "groups"}


class AdminUserCreationForm(UserCreationForm):
    """Create a user in the admin: username, display name, password, roles."""

    email = None
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = ADMIN_USER_FIELDS


class AdminUserEditForm(UserEditForm):
    """Edit a user in the admin: username, display name, password, active, roles."""

    email = None
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = ADMIN_USER_FIELDS | {"is_active"}
