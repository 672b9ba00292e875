"""Forms of the Tutor area: groups and learner accounts.

Every text field refuses NUL bytes and over-long input with Django's own
messages (CharField validators), before anything reaches the database.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from ..models import LearnerGroup
from . import accounts


class PlainLabelsMixin:
    """Labels stand on their own line in our forms, so they need no trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GroupForm(PlainLabelsMixin, forms.ModelForm):
    """A group's name, to create or rename it."""

    class Meta:
        model = LearnerGroup
        fields = ["name"]
        labels = {"name": _("Group name")}
        help_texts = {"name": _("For example 'Tuesday evening group'. Learners do not see it.")}


class CreateLearnerForm(PlainLabelsMixin, forms.ModelForm):
    """A new learner account: a username and an optional display name; the password is generated."""

    class Meta:
        model = get_user_model()
        fields = ["username", "display_name"]
        field_classes = {"username": UsernameField}
        labels = {"username": _("Username"), "display_name": _("Display name (optional)")}
        help_texts = {
            "username": _(
                "Letters, numbers and @ . + - _ only. The learner signs in with it, so choose one that is easy to say."
            ),
            "display_name": _("Shown on the learner's pages instead of the username. It need not be a real name."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "off", "autocapitalize": "none"})
        self.fields["display_name"].widget.attrs.update({"autocomplete": "off"})

    def clean_username(self):
        """Refuse a username that is taken in any mix of upper and lower case, as sign-up does."""
        username = self.cleaned_data.get("username")
        if username and accounts.username_taken(username):
            raise self.instance.unique_error_message(self._meta.model, ["username"])
        return username


class AddLearnerForm(PlainLabelsMixin, forms.Form):
    """The username of a learner who already has an account."""

    username = forms.CharField(
        label=_("The learner's username"),
        max_length=150,
        help_text=_("Ask the learner for the username they sign in with."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
