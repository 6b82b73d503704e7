from django.urls import path

from . import views

app_name = "equipment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:device_id>/issue/", views.issue, name="issue"),
    path("issues/<int:issue_id>/return/", views.give_back, name="return"),
]
