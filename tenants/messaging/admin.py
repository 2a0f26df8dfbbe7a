"""The platform admin's page of failed messages between units (the ICT department's follow-up list)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_sites import platform_admin
from tenants.messaging.services import failed_messages


def failed_messages_view(request):
    rows = failed_messages()
    return render(request, "messaging/failed_messages.html", {
        **platform_admin.each_context(request), "title": _("Tin nhắn liên thông lỗi"), "rows": rows})


# Listed with the units (tenants): the messaging app is a unit app, which the platform index does not link.
platform_admin.add_page("tenants", "failed-messages/", failed_messages_view, gettext_lazy("Tin nhắn liên thông lỗi"))
