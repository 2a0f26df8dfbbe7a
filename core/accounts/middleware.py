"""Every authenticated request to a unit must come from a member of that unit."""

from django.utils.translation import gettext as _

from core.accounts.services import is_member
from core.errors import error_response


class MembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unit = getattr(request, "unit", None)
        user = getattr(request, "user", None)
        if unit is not None and user is not None and user.is_authenticated and not user.is_superuser:
            if not is_member(user, unit):
                return error_response(
                    "NOT_A_MEMBER", _("Bạn không phải thành viên của đơn vị %(unit)s.") % {"unit": unit.name}, 403)
        return self.get_response(request)
