"""Accounts: the user model, and the sessions signed in to it.

We ask for as little as possible (see DESIGN.md, "Roles"): an account is a
username and a password, with an optional display name and the interface
language the person chose. There is no column for an email address, a real
name, a birth date, an address, a phone number, a photo or a place of origin
(tests/accounts/test_data_minimisation.py keeps it so). The model is built on
AbstractBaseUser and PermissionsMixin rather than AbstractUser, which would
bring email, first_name and last_name with it; Wagtail's admin gets user forms
without them (accounts/viewsets.py).
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Create users from a username and a password only (no email address)."""

    use_in_migrations = True

    def _create_user(self, username, password, **extra_fields):
        if not username:
            raise ValueError("The username must be set.")
        user = self.model(username=self.model.normalize_username(username), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, password=None, **extra_fields):
        """An ordinary account: not staff, not a superuser."""
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, password, **extra_fields)

    def create_superuser(self, username, password=None, **extra_fields):
        """An administrator account (used by `manage.py createsuperuser`)."""
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(username, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One person who can sign in: a learner, a tutor, an editor or an administrator."""

    username_validator = UnicodeUsernameValidator()

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[username_validator],
        error_messages={"unique": _("A user with that username already exists.")},
    )
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
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into this admin site."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.username

    @property
    def shown_name(self):
        """The name to show on pages: the display name, or else the username."""
        return self.display_name or self.username

    @property
    def email(self):
        """There is no email address: always empty.

        Wagtail's moderation notifications and avatar code read ``user.email``;
        an empty value tells them there is nowhere to send anything.
        """
        return ""

    def set_password(self, raw_password):
        """Set a password the person chose; a tutor's one-time password sets must_change_password after this."""
        super().set_password(raw_password)
        self.must_change_password = False

    def get_full_name(self):
        """Wagtail's admin shows this: the display name, or else the username."""
        return self.shown_name

    def get_short_name(self):
        """The same as get_full_name: we hold no real name."""
        return self.shown_name


class Session(AbstractBaseSession):
    """Django's database session, with the account it is signed in to (None before sign-in).

    The column lets the session and its account be read in one query on every
    signed-in request (accounts/sessions/), and ends an account's sessions when
    the account is deleted. The session data (the account's id among it) stays
    Django's, signed and encoded as before; the session store fills the column
    from it on every save.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from .sessions.db import SessionStore

        return SessionStore
