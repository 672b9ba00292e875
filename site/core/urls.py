"""URLs of the site shell, included under the language prefix (/en/, /ko/)."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("search/", views.search, name="search"),
]
