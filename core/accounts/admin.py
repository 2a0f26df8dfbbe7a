from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from core.accounts.membership_form import AddMemberForm
from core.accounts.models import Invitation, Membership, Role, SecondFactor, User
from core.accounts.services import invitation_url
from core.accounts.unit_permissions import assignable_permissions
from core.admin_sites import platform_admin, unit_admin

platform_admin.register(User, UserAdmin)


@admin.register(Membership, site=platform_admin)
class PlatformMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "is_active")
    list_filter = ("is_active",)
    search_fields = ("user__username", "unit__code", "unit__name")
    autocomplete_fields = ("user", "unit")
    filter_horizontal = ("roles",)


@admin.register(Role, site=platform_admin)
class PlatformRoleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit")
    search_fields = ("code", "unit__code")
    autocomplete_fields = ("unit",)


@admin.register(SecondFactor, site=platform_admin)
class SecondFactorAdmin(admin.ModelAdmin):
    """Listed to reset a lost phone (delete the row); the secret is never shown or edited here."""

    list_display = ("user", "confirmed_at", "created_at")
    search_fields = ("user__username", "user__email")
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = ("user", "confirmed_at", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(Invitation, site=platform_admin)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("unit", "role", "email", "expires_at", "accepted_at", "address")
    autocomplete_fields = ("unit", "role", "accepted_by")
    readonly_fields = ("address",)

    @admin.display(description=_("địa chỉ nhận lời mời"))
    def address(self, invitation):
        return invitation_url(invitation) if invitation.pk else ""


class _CurrentUnitAdmin(admin.ModelAdmin):
    """Unit administrators see and change only their own unit's rows."""

    exclude = ("unit",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit=request.unit)

    def save_model(self, request, obj, form, change):
        obj.unit = request.unit
        super().save_model(request, obj, form, change)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "roles":
            kwargs["queryset"] = Role.objects.filter(unit=request.unit)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Membership, site=unit_admin)
class UnitMembershipAdmin(_CurrentUnitAdmin):
    list_display = ("user", "is_active")
    filter_horizontal = ("roles",)

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:  # adding: the person by exact user name or e-mail, never a list of everyone's accounts
            kwargs["form"] = type("AddMemberForm", (AddMemberForm,), {"unit": request.unit})
            kwargs["fields"] = ("person", "roles", "is_active")
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("person", "roles", "is_active") if obj is None else ("user", "roles", "is_active")


@admin.register(Role, site=unit_admin)
class UnitRoleAdmin(_CurrentUnitAdmin):
    list_display = ("code", "name")
    filter_horizontal = ("permissions",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            # Only what is meaningful inside this unit; a platform permission cannot even be submitted.
            kwargs["queryset"] = assignable_permissions(request.unit)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
