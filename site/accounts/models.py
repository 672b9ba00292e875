"""Accounts: the user model.

We ask for as little as possible (see DESIGN.md, "Roles"): a learner account is
a username and a password, with an optional display name and the interface
language they chose. Django's email, first and last name columns exist because
Wagtail's admin forms expect them; the public site never asks for them.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """One person who can sign in: a learner, a tutor, an editor or an administrator."""

    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Optional. Shown instead of the username. It need not be a real name."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The interface language this person chose last."),
    )

    must_change_password = models.BooleanField(
        _("must choose a new password"),
        default=False,
        help_text=_("Set when a tutor creates the account or resets the password: the one-time password works once."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.username

    @property
    def shown_name(self):
        """The name to show on pages: the display name, or else the username."""
        return self.display_name or self.username

    def set_password(self, raw_password):
        """Set a password the person chose; a tutor's one-time password sets must_change_password after this."""
        super().set_password(raw_password)
        self.must_change_password = False

    def get_full_name(self):
        """Wagtail's admin shows this; fall back to what the person chose to show."""
        return super().get_full_name() or self.shown_name
