"""Every authenticated request to a unit must come from a member of that unit."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.accounts.services import is_member


class MembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unit = getattr(request, "unit", None)
        user = getattr(request, "user", None)
        if unit is not None and user is not None and user.is_authenticated and not user.is_superuser:
            if not is_member(user, unit):
                return JsonResponse(
                    {"error": {"code": "NOT_A_MEMBER",
                               "message": _("Bạn không phải thành viên của đơn vị %(unit)s.") % {"unit": unit.name}}},
                    status=403,
                )
        return self.get_response(request)
