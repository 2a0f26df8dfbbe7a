"""Mounted at /m/notify/ in each unit that enabled the plug-in (elsewhere the core answers 404)."""

from django.db.models import Count
from django.http import JsonResponse
from django.utils.translation import gettext as _

from core.errors import error_response
from egov_notify.models import Message


def status(request):
    """How many of the unit's messages are pending, sent and failed: for monitoring."""
    if not request.user.has_perm("egov_notify.view_message"):
        return error_response("FORBIDDEN", _("Bạn không có quyền xem tình trạng tin nhắn."), 403)
    counts = dict(Message.objects.order_by().values_list("status").annotate(n=Count("id")))
    return JsonResponse({"unit": request.unit.code, "messages": {s: counts.get(s, 0) for s in ("pending", "sent", "failed")}})
