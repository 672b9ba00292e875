"""Learner pages: My learning, checklists, mark as done, attempts and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.models import LessonPage
from lessons.outline import url_for_language

from . import dashboard, services
from .models import Certificate, QuizAttempt

MAX_PAGE_ID = 2**31 - 1
"""Page ids are 32-bit integers: no lesson has a larger one."""


@login_required
def my_learning(request):
    """The learner's own page. Until progress is recorded it shows where to begin."""
    return render(request, "progress/my_learning.html", dashboard.my_learning(request.user, request))


@require_POST
@login_required
def save_checklist(request):
    """Keep the steps a learner ticked on a lesson's checklist; works as a plain form post."""
    try:
        items = {int(value) for value in request.POST.getlist("item")}
    except ValueError:
        return HttpResponseBadRequest()
    lesson = _posted_lesson(request)
    if lesson is None:
        return HttpResponseBadRequest()
    block_id = request.POST.get("block", "")[:64]
    if not services.save_checklist_ticks(request.user, lesson, block_id, items):
        return HttpResponseBadRequest()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(f"{_lesson_url(request, lesson)}#checklist-{block_id}")


@require_POST
@login_required
def mark_done(request):
    """Complete a lesson that has no quiz, then go back to it."""
    lesson = _posted_lesson(request)
    if lesson is None or not services.mark_lesson_done(request.user, lesson):
        return HttpResponseBadRequest()
    messages.success(request, _("Well done! The lesson is marked as done."))
    return redirect(_lesson_url(request, lesson))


def _posted_lesson(request):
    """The live lesson named by the form's `lesson` field: None if it is not a number, 404 if there is none."""
    try:
        lesson_id = int(request.POST.get("lesson", ""))
    except ValueError:
        return None
    if not 0 < lesson_id <= MAX_PAGE_ID:  # a bigger number overflows the database driver (a 500 on SQLite)
        raise Http404
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


def _lesson_url(request, lesson):
    """The lesson's address in the language the learner is using."""
    return url_for_language(lesson.get_url(request) or "/", get_language())


@login_required
def certificate(request, code):
    """The learner's own printable certificate. Anyone else gets 404."""
    certificate = get_object_or_404(Certificate, code=code, learner=request.user)
    verify_url = request.build_absolute_uri(reverse("progress:verify_certificate", args=[certificate.code]))
    return render(request, "progress/certificate.html", {"certificate": certificate, "verify_url": verify_url})


def verify_certificate(request, code):
    """Public check of a certificate: only the course, the date and that it is valid; never who holds it."""
    certificate = Certificate.objects.filter(code=code.strip().upper()[:16]).first()
    response = render(request, "progress/verify_certificate.html", {"certificate": certificate, "code": code[:16]})
    if certificate is None:
        response.status_code = 404
    return response


@login_required
def attempt_detail(request, pk):
    """One of the learner's own quiz attempts, answer by answer. Anyone else gets 404."""
    attempt = get_object_or_404(QuizAttempt, pk=pk, learner=request.user)
    return render(request, "progress/attempt_detail.html", {"attempt": attempt})
