"""Parsing of ids sent to the case-file mutations: a malformed id is a typed error, never a server error."""

import re

from django.utils.translation import gettext as _

from core.api.mutations.base import MutationError

_ID = re.compile(r"[0-9]{1,18}")


def is_id(value) -> bool:
    """ASCII digits only (str.isdigit also takes "²"), small enough for a bigint."""
    return value is not None and _ID.fullmatch(str(value)) is not None


def an_id(value, field: str, message: str) -> int:
    if not is_id(value):
        raise MutationError("NOT_FOUND", message % {"id": value}, field=field)
    return int(value)


def parse_plan_entry_id(value) -> int:
    return an_id(value, "planEntryId", _("Không tìm thấy mục %(id)s của danh mục hồ sơ."))


def file_id(value, field: str = "id") -> int:
    return an_id(value, field, _("Không tìm thấy hồ sơ %(id)s."))


def parse_document_id(value) -> int:
    return an_id(value, "documentId", _("Không tìm thấy văn bản %(id)s."))


def person_id(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if not is_id(value):
        raise MutationError("INVALID_DATA", _("Mã người không hợp lệ."), field=field)
    return int(value)
