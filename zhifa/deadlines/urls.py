from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("<int:deadline_id>/extensions/", views.request_extension, name="request_extension"),
    path("extensions/<int:request_id>/decision/", views.decide_extension, name="decide_extension"),
]
