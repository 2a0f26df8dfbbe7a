"""Document types in force on a date. A change (new abbreviation, a type withdrawn) is a new version row with its own
effective date, so the next decree is an update of data; documents keep the abbreviation they were numbered with."""

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from modules.doctypes.models import DocumentType, TypeKind

APPENDIX_III = Path(__file__).resolve().parent.parent / "data" / "appendix-iii.json"


class DoctypeCode(StrEnum):
    UNKNOWN_TYPE = "UNKNOWN_TYPE"
    INVALID_TYPE = "INVALID_TYPE"


class DoctypeError(ServiceError, ValueError):
    codes = DoctypeCode


@dataclass(frozen=True)
class TypeInfo:
    code: str
    abbreviation: str
    name: str
    kind: str
    valid_from: date


def _info(row: DocumentType) -> TypeInfo:
    return TypeInfo(row.code, row.abbreviation, row.name, row.kind, row.valid_from)


def _in_force(on: date):
    return DocumentType.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on), valid_from__lte=on)


def types_in_force(on: date | None = None) -> list[TypeInfo]:
    """Every type in force on `on` (today by default), one version per code, in the appendix's order."""
    on = on or timezone.localdate()
    latest: dict[str, DocumentType] = {}
    for row in _in_force(on).order_by("code", "-valid_from"):
        latest.setdefault(row.code, row)
    return [_info(r) for r in sorted(latest.values(), key=lambda r: (r.position, r.code))]


def get_type(code: str, on: date | None = None) -> TypeInfo:
    """The version of type `code` in force on `on`; DoctypeError UNKNOWN_TYPE for a code unknown or not in force."""
    row = _in_force(on or timezone.localdate()).filter(code=code).order_by("-valid_from").first()
    if row is None:
        raise DoctypeError(DoctypeCode.UNKNOWN_TYPE, _("Loại văn bản không tồn tại hoặc chưa/không còn hiệu lực: "
                                                       "%(code)s.") % {"code": code}, field="type_code")
    return _info(row)


@transaction.atomic
def add_type(code: str, name: str, abbreviation: str, *, valid_from: date, kind: str = TypeKind.DOCUMENT,
             basis: str = "") -> TypeInfo:
    """A new type, or a new version of one from `valid_from` (the version before ends that day). The ICT department's
    way to extend the catalogue (admin, `egov documents types add`)."""
    if not code or not code.isascii() or not name.strip() or kind not in TypeKind.values:
        raise DoctypeError(DoctypeCode.INVALID_TYPE, _("Loại văn bản cần mã (chữ không dấu), tên và nhóm hợp lệ."),
                           field="code")
    before = DocumentType.objects.select_for_update().filter(code=code, valid_from__lt=valid_from)
    before.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=valid_from)).update(valid_until=valid_from)
    position = (DocumentType.objects.filter(code=code).values_list("position", flat=True).first()
                or DocumentType.objects.count() + 1)
    row, _created = DocumentType.objects.update_or_create(
        code=code, valid_from=valid_from,
        defaults={"name": name.strip(), "abbreviation": abbreviation.strip(), "kind": kind, "basis": basis,
                  "position": position})
    return _info(row)


def load_appendix_iii(model=DocumentType) -> int:
    """The types of Decree 30 Appendix III (and its copies); rows already there are kept. Used by the migration."""
    data = json.loads(APPENDIX_III.read_text(encoding="utf-8"))
    valid_from = date.fromisoformat(data["valid_from"])
    made = 0
    for position, t in enumerate(data["types"], start=1):
        _row, created = model.objects.get_or_create(
            code=t["code"], valid_from=valid_from,
            defaults={"abbreviation": t["abbreviation"], "name": t["name"], "kind": t["kind"], "position": position,
                      "basis": data["basis"]})
        made += created
    return made
