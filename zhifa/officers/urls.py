from django.urls import path

from . import views

app_name = "officers"
urlpatterns = [
    path("me/", views.my_page, name="me"),
    path("agency/", views.agency_page, name="agency"),
    path("<int:officer_id>/", views.officer_page, name="page"),
    path("<int:officer_id>/training/", views.add_training, name="add_training"),
    path("<int:officer_id>/assessments/", views.add_assessment, name="add_assessment"),
    path("<int:officer_id>/conduct/", views.add_conduct, name="add_conduct"),
    path("conduct/<int:record_id>/answer/", views.answer_conduct, name="answer_conduct"),
    path("conduct/<int:record_id>/decide/", views.decide_conduct, name="decide_conduct"),
    path("plans/", views.add_plan, name="add_plan"),
    path("plans/<int:plan_id>/courses/", views.add_course, name="add_course"),
    path("courses/<int:course_id>/attendance/", views.record_attendance, name="attendance"),
]
