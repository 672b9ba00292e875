"""Views of the lessons app that are not Wagtail pages."""

from django.shortcuts import render


def glossary(request):
    """The public glossary. Terms arrive with the courses issue; until then, an empty state."""
    return render(request, "lessons/glossary.html", {"terms": []})
