"""`Authorization: Bearer <token>` for other systems, beside the session sign-in for people.

Listed first in the NinjaAPI's auth (zhifa/api.py): a request without the header falls through to
the session; a request with a token is answered by the token alone (unknown, expired or revoked:
401 `token_invalid`; an operation the token's permissions do not cover: 403 `token_not_permitted`).
The token's account becomes `request.user`, so the usual scoped selectors apply to it.
"""

from django.urls import reverse
from ninja.security import HttpBearer

from .permissions import permission_for
from .services import use_token


class ApiTokenAuth(HttpBearer):
    openapi_bearerFormat = "zfk_<前缀>_<密钥>"
    openapi_description = (
        "其他系统（12328、省级数据交换、治超站等）的接口令牌：Authorization: Bearer <令牌>。"
        "令牌由安全管理员签发，限定机构范围、权限与有效期，仅在签发时显示一次，每次使用均记入全过程记录。"
        "人员使用会话登录（POST /api/v1/auth/login）。"
    )

    def authenticate(self, request, token):
        root = reverse("api:api-root")
        path = request.path_info
        relative = path[len(root) :] if path.startswith(root) else path
        required = permission_for(request.method, relative)
        api_token = use_token(token, method=request.method, path=relative, required=required)
        request.user = api_token.account
        return api_token


api_token_auth = ApiTokenAuth()
