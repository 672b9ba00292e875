"""Tutor area: group dashboard, learner detail, question analysis, CSV export.

Thin views: each looks its group, learner and module up through
progress.permissions (404 for anything not the tutor's) and hands the work to
grid.py, chart.py, analysis.py and export.py.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..permissions import group_for, learner_in, tutor_required
from . import analysis, chart, export, grid


@tutor_required
def group_dashboard(request, group_id):
    """The group at a glance: learners × assigned modules, who needs help, lessons completed per week."""
    group = group_for(request.user, group_id)
    today = timezone.localdate()
    table = grid.build_grid(group, today, request.GET.get("sort", "name"))
    weeks = grid.weekly_completions(group, today)
    return render(
        request,
        "progress/tutor/group.html",
        {
            "group": group,
            "grid": table,
            "weeks": weeks,
            "chart": chart.weeks_svg(weeks),
            "statuses": grid.STATUSES,
            "today": today,
        },
    )


@tutor_required
def learner_detail(request, group_id, learner_id):
    """One learner of the group: modules and lessons, quiz attempts with their answers, certificates."""
    group = group_for(request.user, group_id)
    learner = learner_in(group, learner_id)
    report = grid.learner_report(group, learner, timezone.localdate())
    attempts = [(attempt, grid.answer_lines(attempt)) for attempt in report.attempts]
    return render(
        request,
        "progress/tutor/learner.html",
        {"group": group, "learner": learner, "report": report, "attempts": attempts},
    )


@tutor_required
def question_analysis(request, group_id, module_key):
    """Per question of an assigned module: the share answered right and the most common wrong answer."""
    group = group_for(request.user, group_id)
    assignment = group.assignments.filter(module_key=module_key).order_by("learner_id").first()
    if assignment is None:
        raise Http404
    outline = grid.module_outline([module_key])
    title = outline[module_key][0] if module_key in outline else assignment.module_title
    questions = analysis.question_analysis(group, module_key, request)
    return render(
        request,
        "progress/tutor/analysis.html",
        {"group": group, "module_title": title, "questions": questions},
    )


@tutor_required
def export_csv(request, group_id):
    """The group's progress as a CSV download (UTF-8 with a byte-order mark)."""
    group = group_for(request.user, group_id)
    table = grid.build_grid(group, timezone.localdate(), "name")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(group)}"'
    response["Cache-Control"] = "private, no-store"
    export.write_csv(response, table)
    return response
