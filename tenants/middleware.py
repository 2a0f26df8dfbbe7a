"""Routes each request to its unit: by the unit's own domain, or through the gateway header on the platform host."""

from django.conf import settings
from django.db import connection
from django.urls import Resolver404, resolve, set_urlconf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.errors import error_response
from tenants.models import Domain, Unit, UnitStatus
from tenants.services.unit_context import entered
from tenants.services.units_over_time import is_ended, write_refusal

_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# POSTs an ended unit still takes: the API (its mutations refused there) and signing in and out to read the archive.
_READABLE_BY_POST = ("/graphql/", "/dang-nhap/", "/dang-xuat/")

_REFUSALS = {
    UnitStatus.REQUESTED: (503, "UNIT_NOT_READY", _("Đơn vị đang được khởi tạo.")),
    UnitStatus.PROVISIONING: (503, "UNIT_NOT_READY", _("Đơn vị đang được khởi tạo.")),
    UnitStatus.FAILED: (503, "UNIT_NOT_READY", _("Đơn vị khởi tạo lỗi; liên hệ Sở TT&TT.")),
    UnitStatus.SUSPENDED: (403, "UNIT_SUSPENDED", _("Đơn vị đang tạm ngừng.")),
    UnitStatus.ARCHIVED: (410, "UNIT_ARCHIVED", _("Đơn vị đã lưu trữ.")),
    UnitStatus.MOVING: (503, "UNIT_MOVING", _("Dữ liệu của đơn vị đang được chuyển sang máy chủ khác; vui lòng thử "
                                              "lại sau ít phút.")),
}


def _error(request, status: int, code: str, message, params: dict | None = None):
    """The refusal in the request's language: units are resolved before LocaleMiddleware activates it."""
    with translation.override(translation.get_language_from_request(request)):
        return error_response(code, str(message) % params if params else str(message), status)


def _open_after_end(request) -> bool:
    """A view marked with units_over_time.open_after_end (an outside party's report: a payment gateway's callback)."""
    try:
        match = resolve(request.path_info, urlconf=settings.ROOT_URLCONF)
    except Resolver404:
        return False
    return getattr(match.func, "open_after_end", False)


class UnitMiddleware:
    """Sets request.unit (None on the platform), the connection's schema and the URLconf."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema_to_public()
        host = request.get_host().split(":")[0].lower()
        unit_code = request.headers.get(settings.EGOV_UNIT_HEADER)
        unit = None
        if host in settings.PLATFORM_HOSTS:
            if unit_code:
                unit = Unit.objects.select_related("kind").filter(code=unit_code.strip()).first()
                if unit is None:
                    return _error(request, 404, "UNKNOWN_UNIT", _("Không có đơn vị mã %(code)s."),
                                  {"code": unit_code})
        else:
            domain = Domain.objects.select_related("tenant", "tenant__kind").filter(domain=host).first()
            if domain is None:
                return _error(request, 404, "UNKNOWN_UNIT", _("Không có đơn vị nào dùng tên miền %(host)s."),
                              {"host": host})
            unit = domain.tenant
        request.unit = unit
        if unit is None:
            request.tenant = connection.tenant  # django-tenants' stand-in for the public schema (its admin tags read it)
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return self.get_response(request)
        if is_ended(unit):
            # An archive ended by a reorganisation stays readable; the one guard refuses writes (GraphQL mutations are
            # refused by the API view, which asks the same guard: its queries come by POST too).
            if (request.method not in _SAFE_METHODS and not request.path.startswith(_READABLE_BY_POST)
                    and not _open_after_end(request)):
                with translation.override(translation.get_language_from_request(request)):
                    return error_response("UNIT_ENDED", write_refusal(unit), 403)
        elif unit.status != UnitStatus.READY:
            return _error(request, *_REFUSALS[unit.status])
        request.tenant = unit
        with entered(unit):
            return self.get_response(request)
