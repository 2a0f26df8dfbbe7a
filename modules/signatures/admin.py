"""Signed PDFs in the unit's admin, read only: the clerk looks a file's verification up; signing is done through the
API (the leader's screen), and a stored file never changes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from modules.signatures.models import SignedPdf, Verification

MODULE = "signatures"


class VerificationInline(ReadOnly, OnlyWhereEnabled, admin.TabularInline):
    module_id = MODULE
    model = Verification
    fields = ["checked_at", "status", "result"]
    readonly_fields = fields
    extra = 0
    verbose_name = _("kết quả kiểm tra chữ ký")
    verbose_name_plural = _("kết quả kiểm tra chữ ký")


@admin.register(SignedPdf, site=unit_admin)
class SignedPdfAdmin(ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = MODULE
    list_display = ["name", "origin", "created_at", "size", "sha256"]
    list_filter = ["origin"]
    search_fields = ["name", "sha256"]
    exclude = ["content"]
    inlines = [VerificationInline]
