"""Two URL spaces: the public portal (mounted at /gongshi/, so it can be served from its own host
with only this prefix proxied) and the internal case page (/disclosure/, login)."""

from django.urls import path

from zhifa.records.urls import DateConverter  # noqa: F401 -- registers the "isodate" converter

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/<int:agency_id>/", views.agency, name="agency"),
    path("agencies/<int:agency_id>/statistics/<int:year>/", views.statistics, name="statistics"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:disclosure_id>/", views.decision, name="decision"),
    path("decisions/<int:disclosure_id>/proof.json", views.decision_proof, name="proof"),
    path("procedures/", views.procedures, name="procedures"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/draws/<int:draw_id>.json", views.inspection_draw, name="draw"),
    path("anchors/", views.anchors, name="anchors"),
    path("anchors/public-key.pem", views.public_key, name="public-key"),
    path("anchors/verify_inclusion.py", views.verifier, name="verifier"),
    path("anchors/<isodate:day>.json", views.anchor_file, name="anchor-file"),
]

internal = (
    [path("cases/<int:case_id>/", views.case_publication, name="case")],
    "disclosure_internal",
)
