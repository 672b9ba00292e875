"""Learner and tutor pages. Recording and roll-ups arrive with the progress issue."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lessons.models import LessonPage

from . import services
from .permissions import tutor_required


@login_required
def my_learning(request):
    """The learner's own page. Until progress is recorded it shows where to begin."""
    return render(request, "progress/my_learning.html", {})


@tutor_required
def tutor_home(request):
    """The tutor area's front page. Groups and assignments arrive with the tutors issue."""
    return render(request, "progress/tutor_home.html", {})


@require_POST
@login_required
def save_checklist(request):
    """Keep the steps a learner ticked on a lesson's checklist; works as a plain form post."""
    try:
        lesson_id = int(request.POST.get("lesson", ""))
        items = {int(value) for value in request.POST.getlist("item")}
    except ValueError:
        return HttpResponseBadRequest()
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    block_id = request.POST.get("block", "")[:64]
    if not services.save_checklist_ticks(request.user, lesson, block_id, items):
        return HttpResponseBadRequest()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    target = lesson.get_url(request) or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(f"{target}#checklist-{block_id}")
