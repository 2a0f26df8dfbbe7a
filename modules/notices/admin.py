"""The unit's notice templates and notice log in the unit's admin; shown only where the unit enabled notices.

Adding a template with ?event=<event>&channel=<channel> in the address starts from the default text.
"""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled
from modules.notices.defaults import DEFAULTS
from modules.notices.models import NoticeLog, NoticeTemplate
from modules.notices.services.status import DeliveryStatus, deliveries
from modules.notices.services.templates import SAMPLE, VARIABLES, Template, render


class _OnlyWhereEnabled(OnlyWhereEnabled):
    module_id = "notices"


@admin.register(NoticeTemplate, site=unit_admin)
class NoticeTemplateAdmin(_OnlyWhereEnabled, admin.ModelAdmin):
    list_display = ("event", "channel", "active", "updated_at")
    list_filter = ("event", "channel", "active")
    fields = ("event", "channel", "subject", "body", "active", "variables", "preview")
    readonly_fields = ("variables", "preview")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        default = DEFAULTS.get((initial.get("event"), initial.get("channel")))
        if default is not None:
            initial.setdefault("subject", default[0])
            initial.setdefault("body", default[1])
        return initial

    @admin.display(description=_("biến dùng được"))
    def variables(self, obj):
        return format_html_join("", "<div><code>{{{{ {} }}}}</code>: {}</div>",
                                ((name, str(doc)) for name, doc in VARIABLES.items()))

    @admin.display(description=_("xem trước với dữ liệu mẫu"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        subject, body = render(Template(obj.event, obj.channel, obj.subject, obj.body), dict(SAMPLE))
        return f"{subject}\n\n{body}" if subject else body




@admin.register(NoticeLog, site=unit_admin)
class NoticeLogAdmin(_OnlyWhereEnabled, admin.ModelAdmin):
    """What was notified, to whom, and whether it arrived; written only by the module."""

    list_display = ("created_at", "dossier_code", "event", "channel", "recipient", "delivery_status")
    list_filter = ("event", "channel")
    search_fields = ("dossier_code", "recipient")
    readonly_fields = [f.name for f in NoticeLog._meta.fields]

    def get_changelist_instance(self, request):
        """The carrier's status of the page's notices, read at once (one query for the page)."""
        changelist = super().get_changelist_instance(request)
        found = deliveries([row.message_id for row in changelist.result_list])
        for row in changelist.result_list:
            row.delivery = found[row.message_id].status if row.message_id in found else None
        return changelist

    @admin.display(description=_("trạng thái gửi"))
    def delivery_status(self, obj):
        return DeliveryStatus(getattr(obj, "delivery", None) or DeliveryStatus.NOT_QUEUED).label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
