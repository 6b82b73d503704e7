from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("deadline/", views.deadline_result, name="deadline"),
]
