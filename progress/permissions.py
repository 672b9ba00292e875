"""Who may see what in the progress app, declared in one place.

A tutor sees and changes only the groups they tutor and the learners in them.
Every tutor view looks its group and learner up through these functions, so a
group or learner that is not the tutor's is a 404, never someone else's data.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import EDITORS, MODERATORS, in_group, is_tutor

from .models import LearnerGroup


def tutor_required(view):
    """Anonymous visitors are sent to sign in; signed-in non-tutors get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_tutor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def groups_of(tutor):
    """The groups this tutor tutors."""
    return LearnerGroup.objects.filter(tutors=tutor)


def group_for(tutor, group_id):
    """The tutor's group with this id, or 404 (also for another tutor's group)."""
    return get_object_or_404(groups_of(tutor), pk=group_id)


def learner_in(group, learner_id):
    """A learner of this group, or 404 (also for learners of other groups)."""
    return get_object_or_404(group.learners.all(), pk=learner_id)


def assignment_in(group, assignment_id):
    """An assignment of this group, or 404."""
    return get_object_or_404(group.assignments.all(), pk=assignment_id)


def tutors_learner(tutor, learner):
    """True if the learner is in one of the tutor's groups."""
    return LearnerGroup.objects.filter(tutors=tutor, learners=learner).exists()


def can_view_lesson_statistics(user):
    """Superusers, and Editors or Moderators who may use the admin. Tutors and learners may not."""
    if not (user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    return user.is_superuser or in_group(user, EDITORS) or in_group(user, MODERATORS)
