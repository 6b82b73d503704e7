"""The JSON API at /api/v1/: one NinjaAPI, one router per app, one error shape.

Every error is `{"code": "...", "message": "中文说明", "details": {...}}` with a stable `code`.
"""

from decimal import InvalidOperation

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import get_token
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from zhifa.accounts.api import router as accounts_router
from zhifa.apitokens.auth import api_token_auth
from zhifa.cases.api import router as cases_router
from zhifa.complaints.api import router as complaints_router
from zhifa.core.errors import DomainError, ForbiddenCharacters, InvalidInput
from zhifa.core.text import find_forbidden
from zhifa.deadlines.api import router as deadlines_router
from zhifa.documents.api import router as documents_router
from zhifa.equipment.api import router as equipment_router
from zhifa.evaluation.api import router as evaluation_router
from zhifa.evidence.api import router as evidence_router
from zhifa.inspections.api import router as inspections_router
from zhifa.law.api import router as law_router
from zhifa.measures.api import router as measures_router
from zhifa.notifications.api import router as notifications_router
from zhifa.officers.api import router as officers_router
from zhifa.offsite.api import router as offsite_router
from zhifa.orgs.api import router as orgs_router
from zhifa.oversight.api import router as oversight_router
from zhifa.provision_review.api import router as provision_review_router
from zhifa.violations.api import router as violations_router
from zhifa.workcalendar.api import router as calendar_router

# Longest uploaded file name kept (most file systems allow 255 bytes; the models store 255 characters).
MAX_FILE_NAME = 255


def _refuse_forbidden(data) -> None:
    found = find_forbidden(data)
    if found is not None:
        raise ForbiddenCharacters.at(*found)


class CheckedParser(Parser):
    """Every JSON body, query and form of the API passes here: text with NUL or control
    characters, lone surrogates or bidi overrides is refused (zhifa.core.text) before any schema,
    service or database sees it, and so are unusable upload file names."""

    def parse_body(self, request):
        data = super().parse_body(request)
        _refuse_forbidden(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        values = [
            v for value in result.values() for v in (value if isinstance(value, list) else [value])
        ]
        for item in values:
            if isinstance(item, UploadedFile):
                name = item.name or ""
                if len(name) > MAX_FILE_NAME:
                    raise InvalidInput(
                        f"文件名过长（超过 {MAX_FILE_NAME} 个字符），请改名后重新上传。",
                        code="file_name_too_long",
                    )
                _refuse_forbidden({"file": name})
        _refuse_forbidden({k: v for k, v in result.items() if not isinstance(v, UploadedFile)})
        return result


api = NinjaAPI(
    title="Zhifa 执法 API",
    version="1",
    description="交通运输行政执法平台接口。错误统一返回 code（稳定）与 message（中文）。",
    # Other systems: a bearer token (checked first, so a token request never meets the session's
    # CSRF check); people: the session cookie.
    auth=[api_token_auth, django_auth],
    urls_namespace="api",
    parser=CheckedParser(),
    # Swagger UI from the platform's own static files ("ninja" in INSTALLED_APPS; no CDN), and no
    # online validator badge (it would call validator.swagger.io from an air-gapped network).
    docs=Swagger(settings={"validatorUrl": None}),
)


def error_response(request, status: int, code: str, message: str, details: dict | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error_response(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return error_response(
        request, 422, "invalid_input", "请求数据格式有误，请检查后重试。", {"errors": exc.errors}
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return error_response(request, 401, "unauthenticated", "请先登录。")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", "对象不存在或无权查看。")


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return error_response(request, 413, "payload_too_large", "请求内容过大。")


HTTP_ERRORS = {
    400: ("malformed_request", "请求内容无法解析，请检查 JSON 格式。"),
    403: ("permission_denied", "无权执行此操作。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
}


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc):
    return error_response(request, 400, "malformed_request", "上传请求格式有误，无法解析。")


@api.exception_handler(InvalidOperation)
def on_bad_decimal(request, exc):
    # A number the database column cannot hold (too many digits, too small a fraction).
    return error_response(request, 422, "invalid_number", "数值超出允许的范围或精度。")


@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    # An id or number beyond the database's 64-bit integers (SQLite raises this).
    return error_response(request, 422, "invalid_input", "数值超出允许的范围。")


@api.exception_handler(DataError)
def on_data_error(request, exc):
    # The database refused a value (too long, out of range): the transaction was rolled back.
    return error_response(request, 422, "invalid_input", "输入的数值或文字超出允许的范围。")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, DomainError):  # refused by the parser (CheckedParser)
        return on_domain_error(request, exc.__cause__)
    code, message = HTTP_ERRORS.get(exc.status_code, ("error", "请求未能完成。"))
    return error_response(request, exc.status_code, code, message)


@api.get(
    "/auth/csrf",
    auth=None,
    summary="取得 CSRF 令牌（会话登录与之后的写请求须在 X-CSRFToken 头中携带）",
)
def csrf_token(request):
    return {"csrf_token": get_token(request)}


api.add_router("/", accounts_router)
api.add_router("/agencies", orgs_router)
api.add_router("/officers", officers_router)
api.add_router("/calendar", calendar_router)
api.add_router("/", law_router)
api.add_router("/cases", cases_router)
api.add_router("/deadlines", deadlines_router)
api.add_router("/notifications", notifications_router)
api.add_router("/evidence", evidence_router)
api.add_router("/measures", measures_router)
api.add_router("/first-violation", violations_router)
api.add_router("/documents", documents_router)
api.add_router("/complaints", complaints_router)
api.add_router("/oversight", oversight_router)
api.add_router("/offsite", offsite_router)
api.add_router("/provision-review", provision_review_router)
api.add_router("/equipment", equipment_router)
api.add_router("/inspections", inspections_router)
api.add_router("/evaluation", evaluation_router)
