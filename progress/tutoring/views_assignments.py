"""Tutor area: assigning modules. (Being built.)"""

from django.http import Http404

from ..permissions import tutor_required


@tutor_required
def assign(request, **kwargs):
    raise Http404


edit_assignment = delete_assignment = assign
