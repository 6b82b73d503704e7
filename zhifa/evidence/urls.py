from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("cases/<int:case_id>/", views.case_evidence, name="case"),
    path("<int:evidence_id>/", views.evidence_detail, name="detail"),
    path("<int:evidence_id>/file", views.evidence_file, name="file"),
    path("<int:evidence_id>/hand-over/", views.evidence_hand_over, name="hand_over"),
]
