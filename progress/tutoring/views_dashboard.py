"""Tutor area: group dashboard, learner detail, question analysis, CSV export. (Being built.)"""

from django.http import Http404

from ..permissions import tutor_required


@tutor_required
def group_dashboard(request, **kwargs):
    raise Http404


learner_detail = question_analysis = export_csv = group_dashboard
