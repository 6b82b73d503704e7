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
    path("supervisors/", views.public_supervisors, name="supervisors"),
    path(
        "supervisors/<int:supervisor_id>/end/",
        views.end_public_supervisor,
        name="end-supervisor",
    ),
    path("<int:complaint_id>/", views.detail, name="detail"),
    path("<int:complaint_id>/case/", views.link_case, name="link_case"),
    path("link-case/", views.link_case, name="link_from_case"),
]

public = (
    [
        path("", views.public_form, name="form"),
        path("status/", views.public_status, name="status"),
        path("card/", views.evaluation_card, name="card"),
        path("supervisor/<str:code>/", views.supervisor_report, name="supervisor"),
    ],
    "complaints_public",
)
