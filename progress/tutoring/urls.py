"""The Tutor area, under /<language>/tutor/. Every URL with an id checks the tutor's groups (permissions.py)."""

from django.urls import path

from . import views_assignments, views_dashboard, views_groups

app_name = "tutor"

urlpatterns = [
    # Groups and learner accounts (views_groups)
    path("", views_groups.home, name="home"),
    path("groups/new/", views_groups.create_group, name="create_group"),
    path("groups/<int:group_id>/rename/", views_groups.rename_group, name="rename_group"),
    path("groups/<int:group_id>/learners/new/", views_groups.create_learner, name="create_learner"),
    path("groups/<int:group_id>/learners/add/", views_groups.add_learner, name="add_learner"),
    path("groups/<int:group_id>/learners/<int:learner_id>/remove/", views_groups.remove_learner, name="remove_learner"),
    path(
        "groups/<int:group_id>/learners/<int:learner_id>/password/",
        views_groups.reset_password,
        name="reset_password",
    ),
    # Dashboard, learner detail, question analysis, export (views_dashboard)
    path("groups/<int:group_id>/", views_dashboard.group_dashboard, name="group"),
    path("groups/<int:group_id>/learners/<int:learner_id>/", views_dashboard.learner_detail, name="learner"),
    path("groups/<int:group_id>/analysis/<uuid:module_key>/", views_dashboard.question_analysis, name="analysis"),
    path("groups/<int:group_id>/export.csv", views_dashboard.export_csv, name="export"),
    # Assignments (views_assignments)
    path("groups/<int:group_id>/assign/", views_assignments.assign, name="assign"),
    path(
        "groups/<int:group_id>/assignments/<int:assignment_id>/",
        views_assignments.edit_assignment,
        name="edit_assignment",
    ),
    path(
        "groups/<int:group_id>/assignments/<int:assignment_id>/delete/",
        views_assignments.delete_assignment,
        name="delete_assignment",
    ),
]
