from django.urls import path

from . import views

app_name = "offsite"
urlpatterns = [
    path("", views.batches, name="batches"),
    path("batches/<int:batch_id>/", views.batch, name="batch"),
    path("batches/<int:batch_id>/errors.<str:fmt>", views.batch_errors, name="batch_errors"),
    path("devices/", views.devices, name="devices"),
    path("review/", views.review, name="review"),
    path("records/<int:record_id>/images/<str:digest>/", views.image, name="image"),
]
