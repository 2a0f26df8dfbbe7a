"""Reads for the API, the admin and the command: a file, the lists, the notices, the history."""

from django.utils.translation import gettext_lazy as _

from modules.casefiles.models import CaseFile, Transfer, TransferNotice
from modules.casefiles.services.errors import CasefilesCode, CasefilesError


def get_file(file_id) -> CaseFile:
    found = CaseFile.objects.filter(pk=file_id).first()
    if found is None:
        raise CasefilesError(CasefilesCode.NOT_FOUND, _("Không tìm thấy hồ sơ %(id)s.") % {"id": file_id},
                             field="id", status=404)
    return found


def files():
    return CaseFile.objects.all()


def transfers():
    return Transfer.objects.all()


def notices():
    return TransferNotice.objects.select_related("case_file")
