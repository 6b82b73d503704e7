"""Chinese unless the user chose otherwise: the browser's Accept-Language does not switch the UI."""

from django.conf import settings


class ChineseByDefaultMiddleware:
    """Runs before LocaleMiddleware. Without a language cookie the request is treated as zh-hans, so an
    officer on an English-language phone still sees the Chinese forms their documents use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META["HTTP_ACCEPT_LANGUAGE"] = settings.LANGUAGE_CODE
        return self.get_response(request)
