"""The file plan (danh mục hồ sơ) of a year: codes, titles, retention periods and keepers."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.casefiles.models import FilePlanEntry
from modules.casefiles.services.errors import CasefilesCode, CasefilesError, check_length
from modules.casefiles.services.people import require_member

MAX_RETENTION_YEARS = 100


def _check(year: int, code: str, title: str, retention_years: int | None) -> None:
    if not code.strip():
        raise CasefilesError(CasefilesCode.REQUIRED, _("Cần có số, ký hiệu hồ sơ."), field="code")
    if not title.strip():
        raise CasefilesError(CasefilesCode.REQUIRED, _("Cần có tiêu đề hồ sơ."), field="title")
    if not 2000 <= year <= 2100:
        raise CasefilesError(CasefilesCode.INVALID_DATA, _("Năm của danh mục hồ sơ không hợp lệ: %(y)s.")
                             % {"y": year}, field="year")
    if retention_years is not None and not 1 <= retention_years <= MAX_RETENTION_YEARS:
        raise CasefilesError(CasefilesCode.INVALID_DATA,
                             _("Thời hạn bảo quản phải là vĩnh viễn hoặc từ 1 đến %(n)s năm.")
                             % {"n": MAX_RETENTION_YEARS}, field="retention_years")


@transaction.atomic
def add_plan_entry(year: int, code: str, title: str, retention_years: int | None, *, keeper_id: int | None = None,
                   keeper_department: str = "", basis: str = "", at=None) -> FilePlanEntry:
    """A file of the year's plan; `retention_years` None is permanent. CODE_TAKEN when the year has that code."""
    code, title = code.strip(), title.strip()
    _check(year, code, title, retention_years)
    for value, limit, field in ((code, 50, "code"), (title, 500, "title"),
                                (keeper_department.strip(), 200, "keeper_department"), (basis.strip(), 300, "basis")):
        check_length(value, limit, field)
    require_member(keeper_id, "keeper_id")
    if FilePlanEntry.objects.filter(year=year, code=code).exists():
        raise CasefilesError(CasefilesCode.CODE_TAKEN, _("Danh mục hồ sơ năm %(y)s đã có hồ sơ số %(c)s.")
                             % {"y": year, "c": code}, field="code")
    return FilePlanEntry.objects.create(year=year, code=code, title=title, retention_years=retention_years,
                                        keeper_id=keeper_id, keeper_department=keeper_department.strip(),
                                        basis=basis.strip(), created_at=at or timezone.now())


def plan_of(year: int) -> list[FilePlanEntry]:
    return list(FilePlanEntry.objects.filter(year=year).order_by("code"))
