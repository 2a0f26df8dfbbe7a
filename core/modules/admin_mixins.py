"""The one way a module's pages in a unit's admin follow the unit's enabling: a module that is off is invisible.

    @admin.register(Fee, site=unit_admin)
    class FeeAdmin(OnlyWhereEnabled, admin.ModelAdmin):
        module_id = "payments"

In a unit that has not enabled the module, its models are absent from the admin index and every page of them
answers as if they did not exist; where it is enabled the usual permissions (the roles') apply. Works for inlines.
"""

from core.modules.services import is_enabled


class OnlyWhereEnabled:
    module_id: str = ""

    def enabled_here(self, request) -> bool:
        if not self.module_id:
            raise TypeError(f"{type(self).__name__} must name its module_id")
        return is_enabled(getattr(request, "unit", None), self.module_id)

    def has_module_permission(self, request):
        return self.enabled_here(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.enabled_here(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.enabled_here(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.enabled_here(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.enabled_here(request) and super().has_delete_permission(request, obj)


class ReadOnly:
    """Records written by the module's services only: shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
