"""Tasks in the unit's admin, read only: the work is done through the API, where the services' rules apply."""

from django.contrib import admin

from core.admin_sites import unit_admin
from core.modules.admin_mixins import OnlyWhereEnabled, ReadOnly
from core.platform_relations import PlatformRelationsAdmin, PlatformRelationsInline
from modules.worktasks.models import Task, TaskReport


class ReportInline(PlatformRelationsInline, ReadOnly, OnlyWhereEnabled, admin.TabularInline):
    module_id = "worktasks"
    model = TaskReport
    fields = ["at", "author", "progress", "body"]
    readonly_fields = fields
    extra = 0


@admin.register(Task, site=unit_admin)
class TaskAdmin(PlatformRelationsAdmin, ReadOnly, OnlyWhereEnabled, admin.ModelAdmin):
    module_id = "worktasks"
    list_display = ["title", "assignee", "department", "due_at", "status", "progress"]
    list_filter = ["status", "department"]
    search_fields = ["title"]
    inlines = [ReportInline]
