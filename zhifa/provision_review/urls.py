from django.urls import path

from . import views

app_name = "provision_review"
urlpatterns = [
    path("", views.index, name="index"),
    path("provisions/<str:data_id>/", views.provision, name="provision"),
    path("<int:review_id>/", views.review, name="review"),
    path("<int:review_id>/replays/form/", views.start_form, name="start_form"),
    path("<int:review_id>/replays/excel/", views.start_excel, name="start_excel"),
    path("<int:review_id>/conclusion/", views.conclude, name="conclude"),
    path("replays/<int:replay_id>/", views.replay, name="replay"),
    path("replays/<int:replay_id>/cancel/", views.cancel, name="cancel"),
    path("replays/<int:replay_id>/resume/", views.resume, name="resume"),
]
