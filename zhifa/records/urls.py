from django.urls import path, register_converter

from . import views


class DateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        from datetime import date

        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(value) from exc

    def to_url(self, value):
        return value.isoformat()


register_converter(DateConverter, "isodate")

app_name = "records"
urlpatterns = [
    path("anchors/", views.anchors, name="anchors"),
    path("anchors/<isodate:day>/check/", views.anchor_check, name="anchor-check"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.xlsx", views.audit_export, name="audit-export"),
]
