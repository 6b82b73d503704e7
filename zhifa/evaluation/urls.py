from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("schemes/new/", views.scheme_new, name="scheme_new"),
    path("schemes/<int:scheme_id>/", views.scheme_detail, name="scheme"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("results/<int:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("reviews/cases/<int:reviewed_id>/", views.reviewed_case, name="reviewed_case"),
]
