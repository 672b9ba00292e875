"""Tutor area: groups and learner accounts.

Every view is for tutors only (`tutor_required`) and looks its group and learner
up through `progress.permissions`, so another tutor's group, or a learner outside
the group, is a 404. Actions that change something accept POST only (405
otherwise), checked after the lookup so that a foreign id is a 404 whatever the
method. One-time passwords are shown once, in the response to the POST that
made them, and never reach a URL, the session, a message or a log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..permissions import group_for, groups_of, learner_in, tutor_required
from . import accounts
from .forms import AddLearnerForm, CreateLearnerForm, GroupForm


def _refuse_method(request, allowed=("POST",)):
    """A 405 response if the method is not allowed, else None. Called after the permission lookups."""
    allowed = set(allowed) | ({"HEAD"} if "GET" in allowed else set())
    return None if request.method in allowed else HttpResponseNotAllowed(sorted(allowed))


def _render_home(request, form, status=200):
    groups = list(
        groups_of(request.user).annotate(learner_count=Count("learners", distinct=True)).order_by("name", "pk")
    )
    return render(request, "progress/tutor/home.html", {"groups": groups, "form": form}, status=status)


def _render_settings(request, group, form):
    learners = list(group.learners.order_by("username"))
    context = {"group": group, "form": form, "learners": learners}
    return render(request, "progress/tutor/group_settings.html", context)


def _one_time_password_page(request, group, learner, password, created):
    """The one page that shows a one-time password; never stored in any cache."""
    context = {"group": group, "learner": learner, "password": password, "created": created}
    response = render(request, "progress/tutor/one_time_password.html", context)
    add_never_cache_headers(response)  # includes Cache-Control: no-store
    return response


@tutor_required
@require_http_methods(["GET", "HEAD"])
def home(request):
    """The tutor's groups, with a form to create one; first steps for a new tutor."""
    return _render_home(request, GroupForm())


@tutor_required
@require_POST
def create_group(request):
    """Create a group tutored by the signed-in tutor, then go on to add learners."""
    form = GroupForm(request.POST)
    if not form.is_valid():
        return _render_home(request, form)
    group = accounts.create_group(request.user, form.cleaned_data["name"])
    messages.success(request, _("The group is ready. Now add learners to it."))
    return redirect("tutor:rename_group", group_id=group.pk)


@tutor_required
def rename_group(request, group_id):
    """Group settings: rename the group (POST) and manage its learners."""
    group = group_for(request.user, group_id)
    if refused := _refuse_method(request, ("GET", "POST")):
        return refused
    if request.method != "POST":
        return _render_settings(request, group, GroupForm(instance=group))
    form = GroupForm(request.POST)
    if not form.is_valid():
        return _render_settings(request, group, form)
    accounts.rename_group(group, form.cleaned_data["name"])
    messages.success(request, _("The group is renamed."))
    return redirect("tutor:rename_group", group_id=group.pk)


@tutor_required
def create_learner(request, group_id):
    """Create a learner account in the group and show its one-time password once."""
    group = group_for(request.user, group_id)
    if refused := _refuse_method(request, ("GET", "POST")):
        return refused
    form = CreateLearnerForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            learner, password = accounts.create_learner_account(
                request.user, group, form.cleaned_data["username"], form.cleaned_data["display_name"]
            )
        except ValidationError as error:  # taken between the form check and now
            form.add_error("username", error)
        else:
            return _one_time_password_page(request, group, learner, password, created=True)
    return render(request, "progress/tutor/create_learner.html", {"group": group, "form": form})


@tutor_required
def add_learner(request, group_id):
    """Add a learner who already has an account, by username."""
    group = group_for(request.user, group_id)
    if refused := _refuse_method(request, ("GET", "POST")):
        return refused
    form = AddLearnerForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            learner = accounts.add_existing_learner(group, form.cleaned_data["username"])
        except ValidationError as error:
            form.add_error("username", error)
        else:
            messages.success(request, _("%(name)s is now in the group.") % {"name": learner.shown_name})
            return redirect("tutor:rename_group", group_id=group.pk)
    return render(request, "progress/tutor/add_learner.html", {"group": group, "form": form})


@tutor_required
def reset_password(request, group_id, learner_id):
    """Give a learner of the group a new one-time password and show it once."""
    group = group_for(request.user, group_id)
    learner = learner_in(group, learner_id)
    if refused := _refuse_method(request):
        return refused
    try:
        password = accounts.reset_learner_password(learner)
    except PermissionDenied:
        messages.error(request, _("This account is not only a learner's, so its password cannot be reset here."))
        return redirect("tutor:rename_group", group_id=group.pk)
    return _one_time_password_page(request, group, learner, password, created=False)


@tutor_required
def remove_learner(request, group_id, learner_id):
    """Take a learner out of the group; their account and history stay."""
    group = group_for(request.user, group_id)
    learner = learner_in(group, learner_id)
    if refused := _refuse_method(request):
        return refused
    accounts.remove_learner(group, learner)
    messages.success(
        request,
        _("%(name)s is no longer in the group. Their account and progress are kept.") % {"name": learner.shown_name},
    )
    return redirect("tutor:rename_group", group_id=group.pk)
