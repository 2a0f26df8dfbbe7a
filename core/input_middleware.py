"""Refuses, before any view, a request whose address, query string or form fields carry text the database cannot
store (a NUL character, a lone UTF-16 surrogate: core.text_input). Without it such text reached a query and the
caller got an HTTP 500 (`GET /m/printing/01/%00.pdf`)."""

from django.utils.translation import gettext as _

from core.errors import error_response
from core.text_input import unsafe_text

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")  # their fields; files are not text


def checks_own_input(view):
    """Marks a view that reads and checks its own body (the GraphQL endpoint: core.api.multipart refuses an oversized
    or malformed multipart body before reading it, and checks every string of its variables): the form is not read
    here for it."""
    view.checks_own_input = True
    return view


class UnsafeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unsafe_text(request.path) or self._unsafe(request.GET):
            return self._refusal()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The form's fields, once the view is known (before any view or CSRF check reads them)."""
        if request.method != "POST" or request.content_type not in FORM_TYPES:
            return None
        if getattr(view_func, "checks_own_input", False):
            return None
        return self._refusal() if self._unsafe(request.POST) else None

    @staticmethod
    def _refusal():
        return error_response("BAD_REQUEST", _("Yêu cầu chứa ký tự không hợp lệ (NUL hoặc mã UTF-16 lẻ)."), 400)

    @staticmethod
    def _unsafe(source) -> bool:
        return any(unsafe_text(key) or any(unsafe_text(v) for v in values) for key, values in source.lists())
