"""A signed-in citizen's explicit drafts of online forms: saved as they are, half-valid included (the one place the
portal keeps data it has not validated), at most one per procedure, read and removed only by their owner."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules.portal.models import FormDraft
from modules.portal.services.errors import PortalError

MAX_DRAFT_BYTES = 256 * 1024  # a draft holds typed values (files are attached at submission), never megabytes


def _owner_required(owner) -> None:
    if owner is None:
        raise PortalError("SIGN_IN_REQUIRED", _("Đăng nhập để lưu bản nháp và khai tiếp sau."), status=401)


@transaction.atomic
def save_draft(owner, procedure_code: str, form_id: int, data, at=None) -> FormDraft:
    _owner_required(owner)
    if not isinstance(data, dict):
        raise PortalError("INVALID_DATA", _("Bản nháp phải là một đối tượng JSON."), "data")
    if len(json.dumps(data, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
        raise PortalError("INVALID_DATA", _("Bản nháp quá lớn."), "data", status=413)
    draft, _created = FormDraft.objects.update_or_create(
        owner=owner, procedure_code=procedure_code,
        defaults={"form_id": form_id, "data": data, "saved_at": at or timezone.now()})
    return draft


def draft_of(owner, procedure_code: str) -> FormDraft | None:
    if owner is None:
        return None
    return FormDraft.objects.filter(owner=owner, procedure_code=procedure_code).first()


def drafts_of(owner) -> list[FormDraft]:
    if owner is None:
        return []
    return list(FormDraft.objects.filter(owner=owner).order_by("-saved_at"))


def discard_draft(owner, procedure_code: str) -> bool:
    if owner is None:
        return False
    return bool(FormDraft.objects.filter(owner=owner, procedure_code=procedure_code).delete()[0])
