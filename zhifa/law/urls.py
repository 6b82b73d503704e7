from django.urls import path

from . import views

app_name = "law"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("provisions/<str:data_id>/", views.provision_detail, name="provision"),
    path("benchmarks/", views.benchmark_index, name="benchmarks"),
    path("benchmarks/template.xlsx", views.benchmark_template, name="benchmark_template"),
    path("benchmarks/export.xlsx", views.benchmarks_export, name="benchmarks_export"),
    path("benchmarks/import/", views.benchmark_import, name="benchmark_import"),
    path("benchmarks/import/<int:pk>/", views.import_progress, name="import_progress"),
    path("benchmarks/<int:pk>/", views.benchmark_detail, name="benchmark"),
    path("benchmarks/<int:pk>/export.xlsx", views.benchmark_export, name="benchmark_export"),
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/facts/", views.calculator_facts, name="calculator_facts"),
    path("calculator/result/", views.calculator_result, name="calculator_result"),
    path("calculator/deviation/", views.calculator_deviation, name="calculator_deviation"),
    path("exemptions/", views.exemptions, name="exemptions"),
]
