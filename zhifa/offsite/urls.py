from django.urls import path

from . import public as public_views
from . import views

app_name = "offsite"
urlpatterns = [
    path("", views.batches, name="batches"),
    path("batches/<int:batch_id>/", views.batch, name="batch"),
    path("batches/<int:batch_id>/errors.<str:fmt>", views.batch_errors, name="batch_errors"),
    path("batches/<int:batch_id>/<str:action>/", views.batch_job, name="batch_job"),
    path("devices/", views.devices, name="devices"),
    path("review/", views.review, name="review"),
    path("records/<int:record_id>/images/<str:digest>/", views.image, name="image"),
]

# the portal side, mounted at /gongshi/offsite/ (zhifa/urls.py): no login
public = (
    [
        path("", public_views.lookup_page, name="lookup"),
        path("images/<str:token>/", public_views.party_image, name="image"),
    ],
    "offsite_public",
)
