"""Vocabulary review, mounted at /<lang>/learning/review/."""

from django.urls import path

from . import review_views

app_name = "review"

urlpatterns = [
    path("", review_views.review, name="review"),
    path("answer/", review_views.answer, name="answer"),
    path("add/", review_views.add, name="add"),
]
