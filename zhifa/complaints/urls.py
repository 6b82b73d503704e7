"""Internal work-order pages (/complaints/, login) and the public ones, mounted on the portal at
/gongshi/complaints/ (zhifa/urls.py) so they are served with the rest of the portal."""

from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.new_order, name="new"),
    path("indicators/", views.indicators, name="indicators"),
    path("hot-spots/", views.hot_spots, name="hot-spots"),
    path("time-limits/", views.time_limits, name="time-limits"),
    path("cards/", views.cards, name="cards"),
    path("<int:complaint_id>/", views.detail, name="detail"),
]

public = (
    [
        path("", views.public_form, name="form"),
        path("status/", views.public_status, name="status"),
        path("card/", views.evaluation_card, name="card"),
    ],
    "complaints_public",
)
