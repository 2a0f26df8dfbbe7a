"""End a case file (kết thúc hồ sơ): it cannot change afterwards and gets its transfer deadline."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.casefiles.api.inputs import file_id
from modules.casefiles.api.types import CaseFileType
from modules.casefiles.services import close_file


class CloseCaseFile(BaseMutation):
    """Kết thúc hồ sơ; sau đó hồ sơ không thể thay đổi và phải nộp lưu trước hạn. / Close a file; it cannot change
    afterwards and must reach the archive by its deadline."""

    permissions = ("casefiles.change_casefile",)

    class Arguments:
        id = graphene.ID(required=True)
        work_ended_on = graphene.Date(description="Ngày kết thúc công việc (mặc định hôm nay). / Default: today.")
        page_count = graphene.Int()
        note = graphene.String()

    case_file = graphene.Field(CaseFileType)

    @classmethod
    def clean_input(cls, info, id, **data):
        return {"file": file_id(id), **data}

    @classmethod
    def perform(cls, info, file, work_ended_on=None, page_count=None, note=None):
        return cls(case_file=close_file(file, actor=info.context.user, work_ended_on=work_ended_on,
                                        page_count=page_count, note=note or ""))
