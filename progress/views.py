"""Learner and tutor pages. Recording and roll-ups arrive with the progress issue."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .permissions import tutor_required


@login_required
def my_learning(request):
    """The learner's own page. Until progress is recorded it shows where to begin."""
    return render(request, "progress/my_learning.html", {})


@tutor_required
def tutor_home(request):
    """The tutor area's front page. Groups and assignments arrive with the tutors issue."""
    return render(request, "progress/tutor_home.html", {})
