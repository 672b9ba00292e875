"""Forms for assigning a module and changing an assignment. They check input; assignments.py stores it."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Assignment
from .assignments import published_module

LATEST_DUE_DAYS = 2 * 365
"""A due date further ahead than this (two years) is almost certainly a typing mistake."""


class LearnerChoiceField(forms.ModelChoiceField):
    """A learner of the group, shown by display name with the username beside it."""

    def label_from_instance(self, obj):
        if obj.display_name:
            return f"{obj.display_name} ({obj.username})"
        return obj.username


class AssignmentFieldsForm(forms.Form):
    """Who the module is for, when it is due and a note: what assigning and changing share."""

    learner = LearnerChoiceField(
        queryset=None,
        required=False,
        empty_label=_("The whole group"),
        label=_("For"),
        help_text=_("Everyone in the group, or one learner."),
        error_messages={"invalid_choice": _("Choose the whole group or one of its learners.")},
    )
    due_date = forms.DateField(
        required=False,
        label=_("Due date (optional)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": _("Enter the due date as year-month-day, for example 2025-03-07, or leave it empty.")
        },
    )
    note = forms.CharField(
        required=False,
        max_length=Assignment._meta.get_field("note").max_length,
        label=_("Note for the learner (optional)"),
        help_text=_("A short word, for example which lesson to start with. At most 300 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, group, today, current_due_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.today = today
        self.current_due_date = current_due_date
        self.fields["learner"].queryset = group.learners.order_by("username")

    def clean_due_date(self):
        """No due date in the past (unless it is the one already set) and none more than two years ahead."""
        due = self.cleaned_data.get("due_date")
        if due is None or due == self.current_due_date:
            return due
        if due < self.today:
            raise forms.ValidationError(_("The due date cannot be in the past."), code="past")
        if due > self.today + timedelta(days=LATEST_DUE_DAYS):
            raise forms.ValidationError(_("Choose a due date within the next two years."), code="far")
        return due


class AssignForm(AssignmentFieldsForm):
    """Assign a published module (chosen by its translation key) to the group or one learner."""

    module = forms.CharField(
        max_length=64,
        label=_("Module"),
        error_messages={"required": _("Choose a module to assign.")},
    )

    field_order = ["module", "learner", "due_date", "note"]

    def clean_module(self):
        """The published module the posted key names, or a clear error."""
        module = published_module(self.cleaned_data["module"])
        if module is None:
            raise forms.ValidationError(_("Choose one of the published modules in the list."), code="unknown")
        return module


class EditAssignmentForm(AssignmentFieldsForm):
    """Change an assignment's learner, due date or note (the module stays)."""

    def __init__(self, *args, assignment, today, **kwargs):
        kwargs.setdefault(
            "initial",
            {"learner": assignment.learner_id, "due_date": assignment.due_date, "note": assignment.note},
        )
        super().__init__(*args, group=assignment.group, today=today, current_due_date=assignment.due_date, **kwargs)
