"""Transfer closed files to the unit's current archive: archive numbers, then the list (PDF, Excel)."""

import graphene
from django.utils.translation import gettext as _

from core.api.mutations.base import BaseMutation, MutationError
from modules.casefiles.api.inputs import file_id, person_id
from modules.casefiles.api.types import CaseFileTransferType
from modules.casefiles.services import transfer

MAX_FILES = 500


class TransferCaseFiles(BaseMutation):
    """Nộp lưu các hồ sơ đã kết thúc vào lưu trữ cơ quan; mỗi hồ sơ nhận số lưu trữ theo thứ tự gửi. / Transfer
    closed files to the current archive; each gets the next archive number, in the order given."""

    permissions = ("casefiles.transfer_casefile",)

    class Arguments:
        file_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)
        received_by_id = graphene.ID()
        department = graphene.String()
        note = graphene.String()

    transfer = graphene.Field(CaseFileTransferType)

    @classmethod
    def clean_input(cls, info, file_ids, received_by_id=None, department=None, note=None):
        if len(file_ids) > MAX_FILES:
            raise MutationError("INVALID_DATA", _("Mỗi lần nộp lưu tối đa %(n)s hồ sơ.") % {"n": MAX_FILES},
                               field="fileIds")
        return {"ids": [file_id(i, "fileIds") for i in file_ids],
                "received_by": person_id(received_by_id, "receivedById"),
                "department": department or "", "note": note or ""}

    @classmethod
    def perform(cls, info, ids, received_by, department, note):
        return cls(transfer=transfer(ids, actor=info.context.user, received_by_id=received_by, department=department,
                                     note=note))
