"""Unit codes and the schema names derived from them. A schema name never comes from free text."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GSO administrative codes (province 2 digits, district 3, commune 5) or the 13-character agency code (OrganId,
# Decision 20/2020/QĐ-TTg: V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.12.H40) or a code a deployment assigns (letters,
# digits, dots, hyphens; at most 40 characters).
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,39}$")
_SCHEMA = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_RESERVED = {"public", "information_schema"}


def validate_code(code: str) -> str:
    code = (code or "").strip()
    if not _CODE.match(code):
        raise ValidationError(
            _("Mã đơn vị không hợp lệ: %(code)r (chỉ gồm chữ, số, dấu chấm, gạch nối; tối đa 40 ký tự).") % {"code": code},
            code="invalid_code",
        )
    return code


def schema_name_for(code: str) -> str:
    code = validate_code(code)
    name = "u_" + re.sub(r"[^a-z0-9]", "_", code.lower())
    validate_schema_name(name)
    return name


def validate_schema_name(name: str) -> str:
    if not _SCHEMA.match(name or "") or name in _RESERVED or name.startswith("pg_") or name == settings.EGOV_TEMPLATE_SCHEMA:
        raise ValidationError(_("Tên schema không an toàn: %(name)r.") % {"name": name}, code="unsafe_schema")
    return name
