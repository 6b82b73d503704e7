from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("data.json", views.data, name="data"),
    path("export.xlsx", views.export, name="export"),
    path("cases/<slug:code>/", views.drill, name="drill"),
]
