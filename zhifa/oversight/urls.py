from django.urls import path

from . import reports_views, views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("checks/new/", views.new_check, name="new_check"),
    path("checks/<int:check_id>/", views.check_detail, name="check"),
    path("rectifications/new/", views.new_rectification, name="new_rectification"),
    path("rectifications/<int:rectification_id>/", views.rectification, name="rectification"),
    path("referrals/new/", views.new_referral, name="new_referral"),
    path("referrals/<int:referral_id>/", views.referral, name="referral"),
    path("fines/", views.fine_monitor, name="fines"),
    path("fines/<int:case_id>/", views.fine_flag, name="fine_flag"),
    path("reports/", reports_views.reports, name="reports"),
    path("reports/<int:report_id>/", reports_views.report, name="report"),
    path("reports/<int:report_id>.<str:fmt>", reports_views.report_file, name="report_file"),
    path("exemplary/", reports_views.exemplary, name="exemplary"),
]
