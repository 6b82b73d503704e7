from django.contrib import admin
from django.urls import include, path

from zhifa.complaints import urls as complaints_urls
from zhifa.disclosure import urls as disclosure_urls
from zhifa.documents import views as documents_views
from zhifa.offsite import urls as offsite_urls

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("calendar/", include("zhifa.workcalendar.urls")),
    path("law/", include("zhifa.law.urls")),
    path("cases/", include("zhifa.cases.urls")),
    path("records/", include("zhifa.records.urls")),
    path("evidence/", include("zhifa.evidence.urls")),
    path("measures/", include("zhifa.measures.urls")),
    path("deadlines/", include("zhifa.deadlines.urls")),
    path("notifications/", include("zhifa.notifications.urls")),
    path("workbench/", include("zhifa.workbench.urls")),
    path("documents/", include("zhifa.documents.urls")),
    path("apitokens/", include("zhifa.apitokens.urls")),
    path("complaints/", include("zhifa.complaints.urls")),
    path("oversight/", include("zhifa.oversight.urls")),
    path("offsite/", include("zhifa.offsite.urls")),
    path("officers/", include("zhifa.officers.urls")),
    path("provision-review/", include("zhifa.provision_review.urls")),
    path("indicators/", include("zhifa.indicators.urls")),
    path("inspections/", include("zhifa.inspections.urls")),
    path("equipment/", include("zhifa.equipment.urls")),
    path("evaluation/", include("zhifa.evaluation.urls")),
    # 执法公示: the public portal, a URL space of its own (can be served from its own host)
    path("gongshi/complaints/", include(complaints_urls.public)),
    path("gongshi/offsite/", include(offsite_urls.public)),
    path("gongshi/", include("zhifa.disclosure.urls")),
    path("disclosure/", include(disclosure_urls.internal)),
    path("verify/<str:code>", documents_views.verify, name="verify"),
    path("", include("zhifa.accounts.urls")),
    path("", include("zhifa.web.urls")),
]

handler400 = "zhifa.web.errors.bad_request"
handler403 = "zhifa.web.errors.permission_denied"
handler404 = "zhifa.web.errors.not_found"
handler500 = "zhifa.web.errors.server_error"
