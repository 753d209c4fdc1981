"""Root URLs. Every page needs a login except the names in PUBLIC_URL_NAMES.

The public views are marked with `login_not_required`; a test walks every pattern and
checks that the mark and this list agree, so nothing becomes public by accident.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clients.views.dashboard import dashboard
from clinic import views, views_two_factor

PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "invitation_accept",
        "healthz",
        "favicon",
        "clients:self_intake",
        "clients:self_intake_thanks",
        "clients:calendar_feed",
        "clients:shared_sheet",
        "clients:shared_sheet_pdf",
        "clients:daily_log",
        "clients:generic_sheet",
        "clients:generic_sheet_pdf",
    }
)

admin.site.site_header = "Clinic library administration"
admin.site.site_title = "Clinic admin"
admin.site.index_title = "Technique library and accounts"
admin.site.enable_nav_sidebar = False

accounts_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("verify/", views_two_factor.two_factor_verify, name="two_factor_verify"),
    path("security/", views_two_factor.account_security, name="account_security"),
    path("security/setup/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path(
        "security/backup-codes/",
        views_two_factor.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
    path("security/off/", views_two_factor.two_factor_off, name="two_factor_off"),
]

practice_patterns = [
    path("", views.practice_settings, name="practice_settings"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/active/", views.staff_set_active, name="staff_set_active"),
    path("staff/<int:pk>/unlock/", views.staff_unlock, name="staff_unlock"),
    path(
        "staff/<int:pk>/two-factor/reset/",
        views_two_factor.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]

# A database that stayed busy answers with the 503 page that says nothing was saved.
handler500 = views.server_error

urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include(accounts_patterns)),
    path("practice/", include(practice_patterns)),
    path("library/", include("techniques.urls")),
    path("admin/", admin.site.urls),
    path("", include("clients.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
