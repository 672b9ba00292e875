"""Views of the site shell that are not Wagtail pages."""

from django.shortcuts import render

from .search import site_search


def search(request):
    """Site search (GET q): lessons, modules and courses in the active language, and glossary terms."""
    return render(request, "core/search.html", site_search(request.GET.get("q", ""), request))
