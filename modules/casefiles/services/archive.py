"""Transfer of closed files to the unit's current archive (nộp lưu vào lưu trữ cơ quan): each file receives the
next archive number (số lưu trữ, Decree 113/2025/NĐ-CP), gap-free under concurrent transfers, and becomes
unchangeable; the transfer is one list (Mục lục hồ sơ, tài liệu nộp lưu)."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.casefiles.models import ArchiveCounter, CaseFile, FileStatus, Transfer
from modules.casefiles.services import events
from modules.casefiles.services.errors import CasefilesCode, CasefilesError, check_length
from modules.casefiles.services.files import require_open
from modules.casefiles.services.people import require_member

ARCHIVE_NUMBER = "archive_number"
TRANSFER_NUMBER = "transfer"


def take_numbers(name: str, how_many: int) -> list[int]:
    """The next `how_many` numbers of a counter, under its row lock: two transfers never share or skip one."""
    ArchiveCounter.objects.get_or_create(name=name)
    counter = ArchiveCounter.objects.select_for_update().get(name=name)
    first = counter.last + 1
    counter.last += how_many
    counter.save(update_fields=["last"])
    return list(range(first, first + how_many))


@transaction.atomic
def transfer(file_ids: Sequence[int], *, actor=None, received_by_id: int | None = None, department: str = "",
             note: str = "", at=None) -> Transfer:
    """Hand closed files to the current archive, in the order given. Every file must be closed: an open one is
    NOT_CLOSED, a transferred one FILE_TRANSFERRED; then nothing is transferred."""
    ids = list(dict.fromkeys(int(i) for i in file_ids))
    if not ids:
        raise CasefilesError(CasefilesCode.REQUIRED, _("Cần chọn ít nhất một hồ sơ để nộp lưu."), field="file_ids")
    check_length(department.strip(), 200, "department")
    require_member(received_by_id, "received_by_id")
    found = {f.pk: f for f in CaseFile.objects.select_for_update().filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise CasefilesError(CasefilesCode.NOT_FOUND, _("Không tìm thấy hồ sơ %(id)s.") % {"id": missing[0]},
                             field="file_ids", status=404)
    files = [found[i] for i in ids]
    for case_file in files:
        if case_file.status == FileStatus.OPEN:
            raise CasefilesError(CasefilesCode.NOT_CLOSED,
                                 _("Hồ sơ %(c)s chưa kết thúc, chưa thể nộp lưu.") % {"c": case_file.code},
                                 field="file_ids")
        if case_file.status == FileStatus.TRANSFERRED:
            require_open(case_file)
    at = at or timezone.now()
    made = Transfer.objects.create(number=take_numbers(TRANSFER_NUMBER, 1)[0], at=at,
                                   handed_by_id=getattr(actor, "pk", None), received_by_id=received_by_id,
                                   department=department.strip(), note=note.strip())
    for case_file, number in zip(files, take_numbers(ARCHIVE_NUMBER, len(files)), strict=True):
        case_file.status, case_file.transfer, case_file.archive_number = FileStatus.TRANSFERRED, made, number
        case_file.save(update_fields=["status", "transfer", "archive_number"])
        late = case_file.transfer_due_on is not None and timezone.localdate(at) > case_file.transfer_due_on
        events.record(case_file, "transfer", actor, at, transfer=made.number, archive_number=number, late=late)
    return made
