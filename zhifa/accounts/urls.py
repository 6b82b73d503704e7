from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.profile, name="profile"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/2fa/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("account/2fa/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("account/2fa/recovery-codes/", views.recovery_codes_renew, name="recovery-codes-renew"),
]
