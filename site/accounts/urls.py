from django.urls import path

from . import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.AccountSettingsView.as_view(), name="settings"),
    path("my-data/", views.ExportDataView.as_view(), name="export"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", two_factor_views.SignInCodeView.as_view(), name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("two-factor/", two_factor_views.TwoFactorView.as_view(), name="two_factor"),
    path("two-factor/recovery-codes/", two_factor_views.RecoveryCodesView.as_view(), name="two_factor_recovery"),
    path("two-factor/turn-off/", two_factor_views.TurnOffView.as_view(), name="two_factor_off"),
]
