from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("preservations/<int:preservation_id>/", views.preservation_page, name="preservation"),
    path("measures/<int:measure_id>/", views.measure_page, name="measure"),
    path("property/", views.property_list, name="property_list"),
    path("property/<int:item_id>/", views.property_detail, name="property"),
    path("act/<slug:action>/<int:pk>/", views.act, name="act"),
]
