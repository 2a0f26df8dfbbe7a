from django.contrib import admin
from django.db.models import Q

from core.admin_sites import platform_admin, unit_admin
from core.calendar.models import CalendarDay, UnitCalendarSettings


@admin.register(CalendarDay, site=platform_admin)
class PlatformCalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "unit", "reason")
    list_filter = ("kind", ("unit", admin.EmptyFieldListFilter))
    search_fields = ("reason", "unit__code", "unit__name")
    date_hierarchy = "date"
    autocomplete_fields = ("unit",)


@admin.register(UnitCalendarSettings, site=platform_admin)
class PlatformCalendarSettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "periods", "weekdays", "appointment_rule")
    search_fields = ("unit__code", "unit__name")
    autocomplete_fields = ("unit",)


@admin.register(CalendarDay, site=unit_admin)
class UnitCalendarDayAdmin(admin.ModelAdmin):
    """A unit sees the installation-wide days and changes only its own."""

    list_display = ("date", "kind", "reason", "unit")
    list_filter = ("kind",)
    date_hierarchy = "date"
    exclude = ("unit",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(Q(unit=request.unit) | Q(unit__isnull=True))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.unit_id == request.unit.pk)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.unit_id == request.unit.pk)

    def save_model(self, request, obj, form, change):
        obj.unit = request.unit
        super().save_model(request, obj, form, change)


@admin.register(UnitCalendarSettings, site=unit_admin)
class UnitCalendarSettingsAdmin(admin.ModelAdmin):
    list_display = ("periods", "weekdays", "appointment_rule")
    exclude = ("unit",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit=request.unit)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not UnitCalendarSettings.objects.filter(unit=request.unit).exists()

    def save_model(self, request, obj, form, change):
        obj.unit = request.unit
        super().save_model(request, obj, form, change)
