from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.services import is_enabled
from egov_notify import services
from egov_notify.models import Message


def _enabled_here(request) -> bool:
    return is_enabled(getattr(request, "unit", None), services.MODULE_ID)


@admin.register(Message, site=unit_admin)
class MessageAdmin(admin.ModelAdmin):
    """The unit's own messages (its schema); shown only where the unit enabled notify."""

    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "reference", "subject")
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["send_again"]

    def has_module_permission(self, request):
        return _enabled_here(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _enabled_here(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _enabled_here(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # messages come from the modules that send them

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was sent is kept

    @admin.action(description=_("Gửi lại các thông báo lỗi đã chọn"))
    def send_again(self, request, queryset):
        n = services.retry(request.unit, list(queryset.values_list("pk", flat=True)))
        messages.info(request, _("Đã xếp hàng gửi lại %(n)d thông báo.") % {"n": n})
