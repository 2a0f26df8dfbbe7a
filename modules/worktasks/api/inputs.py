"""Parsing of ids sent to the work-task mutations: a malformed id is a typed error, never a server error."""

from django.utils.translation import gettext as _

from core.api.mutations.base import MutationError


def task_id(value) -> int:
    if not str(value).isdigit() or len(str(value)) > 18:
        raise MutationError("NOT_FOUND", _("Không tìm thấy công việc %(id)s.") % {"id": value}, field="id")
    return int(value)


def person_id(value, field: str) -> int:
    if not str(value).isdigit() or len(str(value)) > 18:
        raise MutationError("INVALID_DATA", _("Mã người không hợp lệ."), field=field)
    return int(value)


def document_id(value) -> int | None:
    if value in (None, ""):
        return None
    if not str(value).isdigit() or len(str(value)) > 18:
        raise MutationError("DOCUMENT_NOT_FOUND", _("Không tìm thấy văn bản %(id)s.") % {"id": value},
                            field="documentId")
    return int(value)
