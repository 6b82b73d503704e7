from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<int:agency_id>/", views.agency_page, name="agency"),
    path("agencies/<int:agency_id>/children/", views.agency_children, name="agency-children"),
    path("agencies/search/", views.agency_search, name="agency-search"),
    path("favicon.ico", views.favicon),
    path("offline-sw.js", views.offline_sw, name="offline_sw"),
]
