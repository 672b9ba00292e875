"""Tutor area: assigning a module to a group or one learner, changing and removing an assignment.

Each view finds its group and assignment through progress.permissions, so
another tutor's group or assignment is a 404. The rules live in assignments.py.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..permissions import assignment_in, group_for, tutor_required
from . import assignments
from .assignment_forms import AssignForm, EditAssignmentForm


def _dashboard(group):
    return redirect(reverse("tutor:group", args=[group.pk]))


def _already_assigned_message(learner):
    if learner is None:
        return _("This module is already assigned to the whole group. You can change that assignment instead.")
    return _("%(name)s already has this module, on their own or with the whole group.") % {"name": learner.shown_name}


@tutor_required
def assign(request, group_id):
    """Pick a published module (searchable, grouped by course) and assign it to the group or one learner."""
    group = group_for(request.user, group_id)
    query = assignments.clean_search(request.GET.get("q", ""))
    data = request.POST if request.method == "POST" else None
    form = AssignForm(data, group=group, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        assignment, created = assignments.assign_module(
            group, cleaned["module"], request.user, cleaned["learner"], cleaned["due_date"], cleaned["note"]
        )
        if created:
            messages.success(request, _("“%(module)s” is assigned.") % {"module": assignment.module_title})
            return _dashboard(group)
        form.add_error(None, _already_assigned_message(cleaned["learner"]))
    selected = request.POST.get("module", "") if request.method == "POST" else ""
    context = {
        "group": group,
        "form": form,
        "query": query,
        "courses": assignments.assignable_modules(query, request),
        "selected": selected,
    }
    return render(request, "progress/tutor/assign.html", context)


@tutor_required
def edit_assignment(request, group_id, assignment_id):
    """Change who an assignment is for, its due date or its note."""
    group = group_for(request.user, group_id)
    assignment = assignment_in(group, assignment_id)
    form = EditAssignmentForm(
        request.POST if request.method == "POST" else None, assignment=assignment, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        if assignments.update_assignment(assignment, cleaned["learner"], cleaned["due_date"], cleaned["note"]):
            messages.success(request, _("The assignment is changed."))
            return _dashboard(group)
        form.add_error(None, _already_assigned_message(cleaned["learner"]))
    context = {
        "group": group,
        "assignment": assignment,
        "module": assignments.module_item(assignment.module_key, request),
        "form": form,
    }
    return render(request, "progress/tutor/edit_assignment.html", context)


@tutor_required
def delete_assignment(request, group_id, assignment_id):
    """Remove an assignment (POST only). What learners did in the module stays."""
    group = group_for(request.user, group_id)
    assignment = assignment_in(group, assignment_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    title = assignment.module_title
    assignments.delete_assignment(assignment)
    messages.success(
        request, _("“%(module)s” is no longer assigned. Learners keep their progress.") % {"module": title}
    )
    return _dashboard(group)
