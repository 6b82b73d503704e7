"""Request middleware of the platform: Chinese by default, and hostile input refused up front."""

from django.conf import settings
from django.db import DataError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import parse_header_parameters

from zhifa.core.errors import DomainError, ForbiddenCharacters, InvalidInput, MalformedRequest
from zhifa.core.text import find_forbidden


class ChineseByDefaultMiddleware:
    """Runs before LocaleMiddleware. Without a language cookie the request is treated as zh-hans, so an
    officer on an English-language phone still sees the Chinese forms their documents use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META["HTTP_ACCEPT_LANGUAGE"] = settings.LANGUAGE_CODE
        return self.get_response(request)


def error_response(request, error: DomainError):
    """The stable error shape under /api/, the Chinese error page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"code": error.code, "message": error.message, "details": error.details}
        return JsonResponse(body, status=error.status)
    context = {"title": "请求无效", "status": error.status, "message": error.message}
    return render(request, "web/error.html", context, status=error.status)


# Django's own rule for a multipart boundary (django.http.multipartparser.MultiPartParser).
def _valid_boundary(boundary: str) -> bool:
    return (
        0 < len(boundary) <= 200 and all(" " <= c <= "~" for c in boundary) and boundary[-1] != " "
    )


class HostileInputMiddleware:
    """Refuses, before the CSRF check, the forms and the views see it:

    - a multipart body without a valid boundary (Django's parser would raise: a 500);
    - query parameters and form fields holding NUL/control characters, lone surrogates or bidi
      overrides (zhifa.core.text) — on PostgreSQL a NUL is a 500 in any search;
    - an id or number too large for the database (a 500 on SQLite, a DataError on PostgreSQL).

    Form fields are read in process_view, only where the CSRF check would read them anyway: a
    csrf_exempt view (the evidence upload installs its own upload handlers first, and the API)
    reads its own body; the API's parser checks it (zhifa/api.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        error = self.check_headers_and_query(request)
        if error is not None:
            return error_response(request, error)
        return self.get_response(request)

    def check_headers_and_query(self, request) -> DomainError | None:
        content_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        boundary = params.get("boundary", "")
        if content_type.startswith("multipart/") and (
            content_type != "multipart/form-data" or not _valid_boundary(boundary)
        ):
            return MalformedRequest("上传请求格式有误（缺少有效的 multipart 分隔符）。")
        return _offence({k: request.GET.getlist(k) for k in request.GET})

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        try:
            post = request.POST
        except Exception:
            return None
        error = _offence({k: post.getlist(k) for k in post})
        if error is None:
            files = request.FILES
            error = _offence({k: [f.name or "" for f in files.getlist(k)] for k in files})
        return error_response(request, error) if error is not None else None

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        ):
            return error_response(request, InvalidInput("数值超出允许的范围。"))
        return None


def _offence(data) -> DomainError | None:
    found = find_forbidden(data)
    if found is None:
        return None
    where, kind = found
    return ForbiddenCharacters.at(where.split("[")[0], kind)


class ContentSecurityPolicyMiddleware:
    """One fixed Content-Security-Policy on every response (settings.ZHIFA_CSP).

    Django 5.2 has no CSP of its own (6.0 will) and the policy needs no nonce: no template holds an
    inline script or event handler (a test scans them), htmx's indicator style is in app.css and its
    eval is off. django-csp would add a dependency for one constant header.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(f"{k} {v}" for k, v in settings.ZHIFA_CSP.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
