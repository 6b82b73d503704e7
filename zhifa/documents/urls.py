from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:case_id>/", views.case_panel, name="panel"),
    path("cases/<int:case_id>/case-file.<str:fmt>", views.case_file, name="case_file"),
    path("cases/<int:case_id>/case-file/make/", views.make_case_file, name="make_case_file"),
    path("<int:document_id>/", views.preview, name="preview"),
    path("<int:document_id>/issue/", views.issue, name="issue"),
    path("<int:document_id>/correct/", views.correct, name="correct"),
    path("<int:document_id>/withdraw/", views.withdraw, name="withdraw"),
    path("issued/<int:issued_id>.pdf", views.issued_pdf, name="pdf"),
    path("issued/<int:issued_id>.docx", views.issued_docx, name="docx"),
    path("batch/", views.batch, name="batch"),
]
