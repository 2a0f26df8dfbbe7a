"""Refuses, before any view, a request whose address, query string or form fields carry text the database cannot
store (a NUL character, a lone UTF-16 surrogate: core.text_input). Without it such text reached a query and the
caller got an HTTP 500 (`GET /m/printing/01/%00.pdf`)."""

from django.utils.translation import gettext as _

from core.errors import error_response
from core.text_input import unsafe_text

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")  # their fields; files are not text


class UnsafeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._unsafe(request):
            return error_response("BAD_REQUEST", _("Yêu cầu chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)."), 400)
        return self.get_response(request)

    @staticmethod
    def _unsafe(request) -> bool:
        if unsafe_text(request.path):
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            sources.append(request.POST)
        return any(unsafe_text(key) or any(unsafe_text(v) for v in values)
                   for source in sources for key, values in source.lists())
