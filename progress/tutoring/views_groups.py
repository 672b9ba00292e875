"""Tutor area: groups and learner accounts. (Being built.)"""

from django.http import Http404

from ..permissions import tutor_required


@tutor_required
def home(request):
    raise Http404


create_group = rename_group = create_learner = add_learner = remove_learner = reset_password = home
