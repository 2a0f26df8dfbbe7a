"""Open the case file of a plan entry."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.casefiles.api.inputs import parse_plan_entry_id, person_id
from modules.casefiles.api.types import CaseFileType
from modules.casefiles.services import open_file


class OpenCaseFile(BaseMutation):
    """Mở hồ sơ theo danh mục hồ sơ. / Open the file of a plan entry."""

    permissions = ("casefiles.change_casefile",)

    class Arguments:
        plan_entry_id = graphene.ID(required=True)
        title = graphene.String()
        keeper_id = graphene.ID()

    case_file = graphene.Field(CaseFileType)

    @classmethod
    def clean_input(cls, info, plan_entry_id, title=None, keeper_id=None):
        return {"entry": parse_plan_entry_id(plan_entry_id), "title": title or "",
                "keeper": person_id(keeper_id, "keeperId")}

    @classmethod
    def perform(cls, info, entry, title, keeper):
        return cls(case_file=open_file(entry, actor=info.context.user, title=title, keeper_id=keeper))
