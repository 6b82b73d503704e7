"""Error pages: JSON with a stable code under /api/, a Chinese page elsewhere."""

from django.http import JsonResponse
from django.shortcuts import render


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"code": "not_found", "message": "接口或对象不存在。", "details": {}}, status=404
        )
    return render(request, "web/error.html", {"title": "页面不存在", "status": 404}, status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"code": "server_error", "message": "服务器内部错误，已记录。", "details": {}},
            status=500,
        )
    # Standalone page: no database, no user, nothing that could fail again while reporting a failure.
    return render(request, "web/error_500.html", status=500)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"code": "permission_denied", "message": "无权执行此操作。", "details": {}}, status=403
        )
    return render(request, "web/error.html", {"title": "无权访问", "status": 403}, status=403)


def csrf_failure(request, reason=""):
    """The CSRF check failed (an expired page or a form sent from elsewhere): Chinese, never Django's."""
    if _is_api(request):
        return JsonResponse(
            {"code": "csrf_failed", "message": "请求校验失败，请刷新页面后重试。", "details": {}},
            status=403,
        )
    return render(request, "web/error.html", {"title": "页面已过期", "status": 403}, status=403)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"code": "bad_request", "message": "请求无效。", "details": {}}, status=400
        )
    return render(request, "web/error.html", {"title": "请求无效", "status": 400}, status=400)
