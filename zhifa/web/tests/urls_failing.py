"""The project's URLs plus one view that fails, to see the 500 page as users see it."""

from django.urls import path

from zhifa.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("测试用的故障")


urlpatterns = [path("boom/", boom), *urlpatterns]
