"""Validating and recording units before their schemas exist."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.models import Unit, UnitKind, UnitStatus
from tenants.naming import schema_name_for, validate_code


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    organ_id: str = ""


class InvalidUnits(ValidationError):
    """The list of units has errors; nothing was recorded. `.messages` lists every error with its line."""


def validate_records(records: list[UnitRecord]) -> list[str]:
    """Every error in the list at once (codes, duplicates, kinds, parents), so a file is fixed in one pass."""
    errors: list[str] = []
    kinds = set(UnitKind.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    schemas: dict[str, str] = {}
    known = dict(Unit.objects.values_list("code", "schema_name"))
    known_schemas = {schema: code for code, schema in known.items()}
    in_file = {rec.code for rec in records}
    for line, rec in enumerate(records, start=1):
        where = _("dòng %(n)d") % {"n": line}
        try:
            validate_code(rec.code)
            schema = schema_name_for(rec.code)
        except ValidationError as exc:
            errors.append(f"{where}: {exc.messages[0]}")
            continue
        other = schemas.get(schema) or (known_schemas.get(schema) if rec.code not in known else None)
        if other and other != rec.code:
            errors.append(f"{where}: " + _("mã %(code)s trùng schema với mã %(other)s") % {"code": rec.code, "other": other})
        schemas.setdefault(schema, rec.code)
        if rec.code in seen:
            errors.append(f"{where}: " + _("mã %(code)s trùng với dòng %(other)d") % {"code": rec.code, "other": seen[rec.code]})
        seen.setdefault(rec.code, line)
        if not rec.name.strip():
            errors.append(f"{where}: " + _("thiếu tên đơn vị %(code)s") % {"code": rec.code})
        if rec.kind not in kinds:
            errors.append(f"{where}: " + _("loại đơn vị không có: %(kind)r") % {"kind": rec.kind})
        if rec.parent_code and rec.parent_code not in in_file and rec.parent_code not in known:
            errors.append(f"{where}: " + _("không có đơn vị cấp trên mã %(code)s") % {"code": rec.parent_code})
    return errors


@transaction.atomic
def record_units(records: list[UnitRecord]) -> tuple[list[Unit], list[Unit]]:
    """Create the Unit rows (status requested) that do not exist yet, parents first.

    Returns (created, existing). Raises InvalidUnits, recording nothing, when any record is wrong.
    """
    errors = validate_records(records)
    if errors:
        raise InvalidUnits(errors)
    kinds = {k.code: k for k in UnitKind.objects.all()}
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in records] + [r.parent_code for r in records])}
    created, existing = [], []
    for rec in records:
        if rec.code in by_code:
            existing.append(by_code[rec.code])
            continue
        unit = Unit(code=rec.code, name=rec.name.strip(), kind=kinds[rec.kind], organ_id=rec.organ_id,
                    schema_name=schema_name_for(rec.code), status=UnitStatus.REQUESTED)
        created.append(unit)
        by_code[rec.code] = unit
    parents = {rec.code: rec.parent_code for rec in records}
    for unit in created:
        unit.parent = by_code[parents[unit.code]] if parents[unit.code] else None
    # Rows are inserted level by level so each parent has its primary key before its children.
    pending = list(created)
    while pending:
        ready = [u for u in pending if u.parent is None or u.parent.pk is not None]
        if not ready:
            raise InvalidUnits([_("vòng lặp trong quan hệ cấp trên")])
        for u in ready:
            u.parent_id = u.parent.pk if u.parent else None
        Unit.objects.bulk_create(ready)
        pending = [u for u in pending if u.pk is None]
    return created, existing


# Which status a live unit may be moved to, by the ICT department (provisioning sets the others).
STATUS_CHANGES = {
    UnitStatus.SUSPENDED: {UnitStatus.READY},
    UnitStatus.READY: {UnitStatus.SUSPENDED},
    UnitStatus.ARCHIVED: {UnitStatus.READY, UnitStatus.SUSPENDED},
}


def change_status(unit: Unit, status: str) -> Unit:
    """Suspend (requests refused, data kept), resume, or archive a unit (kept read-only for the record, no longer
    migrated). Raises ValidationError for a change that is not allowed."""
    status = UnitStatus(status)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.status not in STATUS_CHANGES.get(status, set()):
            raise ValidationError(_("Không thể chuyển đơn vị %(code)s từ %(old)s sang %(new)s.") % {
                "code": locked.code, "old": locked.get_status_display(), "new": status.label}, code="invalid_status")
        locked.status = status
        locked.save(update_fields=["status"])
    return locked
