from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled
from egov_notify import services
from egov_notify.models import Message


@admin.register(Message, site=unit_admin)
class MessageAdmin(OnlyWhereEnabled, admin.ModelAdmin):
    """The unit's own messages (its schema); shown only where the unit enabled notify."""

    module_id = services.MODULE_ID
    list_display = ("created_at", "channel", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "reference", "subject")
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False  # messages come from the modules that send them

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was sent is kept

    @admin.action(description=_("Gửi lại các thông báo lỗi đã chọn"))
    def send_again(self, request, queryset):
        n = services.retry(request.unit, list(queryset.values_list("pk", flat=True)))
        messages.info(request, _("Đã xếp hàng gửi lại %(n)d thông báo.") % {"n": n})
