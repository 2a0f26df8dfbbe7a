"""Parsing of ids sent to the work-task mutations: a malformed id is a typed error, never a server error."""

import re

from django.utils.translation import gettext as _

from core.api.mutations.base import MutationError

_ID = re.compile(r"[0-9]{1,18}")


def is_id(value) -> bool:
    """ASCII digits only (str.isdigit also takes "²"), small enough for a bigint."""
    return value is not None and _ID.fullmatch(str(value)) is not None


def task_id(value) -> int:
    if not is_id(value):
        raise MutationError("NOT_FOUND", _("Không tìm thấy công việc %(id)s.") % {"id": value}, field="id")
    return int(value)


def person_id(value, field: str) -> int:
    if not is_id(value):
        raise MutationError("INVALID_DATA", _("Mã người không hợp lệ."), field=field)
    return int(value)


def document_id(value) -> int | None:
    if value in (None, ""):
        return None
    if not is_id(value):
        raise MutationError("DOCUMENT_NOT_FOUND", _("Không tìm thấy văn bản %(id)s.") % {"id": value},
                            field="documentId")
    return int(value)
