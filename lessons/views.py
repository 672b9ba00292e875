"""Views of the lessons app that are not Wagtail pages."""

from django.shortcuts import render

from .glossary import glossary_context


def glossary(request):
    """The public glossary: search (q), an A–Z filter (letter), and every term with the lessons teaching it."""
    context = glossary_context(request, query=request.GET.get("q", ""), letter=request.GET.get("letter", ""))
    return render(request, "lessons/glossary.html", context)
