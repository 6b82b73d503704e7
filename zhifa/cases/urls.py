from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("leads/new/", views.lead_new, name="lead_new"),
    path("onspot/new/", views.onspot_new, name="onspot_new"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/actions/<slug:code>/", views.case_action, name="action"),
    path("<int:case_id>/details/", views.case_details, name="details"),
    path("<int:case_id>/evidence/", views.case_evidence, name="evidence"),
    path("<int:case_id>/recommend/", views.case_recommend, name="recommend"),
    path("<int:case_id>/discretion/", views.case_discretion, name="discretion"),
    path("<int:case_id>/recusal/", views.case_recusal, name="recusal"),
    path("<int:case_id>/facts/<slug:code>/", views.case_fact, name="fact"),
    path("<int:case_id>/assign/", views.case_assign, name="assign"),
    path("<int:case_id>/deviation/", views.case_deviation, name="deviation"),
    path("<int:case_id>/remedies/<slug:what>/", views.case_remedy, name="remedy"),
    path(
        "<int:case_id>/remedies/<int:remedy_id>/<slug:what>/",
        views.case_remedy,
        name="remedy_of",
    ),
    path(
        "<int:case_id>/recusals/<int:recusal_id>/decide/",
        views.case_recusal_decide,
        name="recusal_decide",
    ),
]
