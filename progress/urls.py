from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/checklist/", views.save_checklist, name="checklist"),
    path("learning/done/", views.mark_done, name="mark_done"),
    path("learning/attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("learning/certificates/<str:code>/", views.certificate, name="certificate"),
    path("certificates/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
