from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountSettingsView.as_view(), name="settings"),
    path("my-data/", views.ExportDataView.as_view(), name="export"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
