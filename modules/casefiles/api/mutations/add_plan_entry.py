"""The archivist adds a file to the year's file plan (danh mục hồ sơ)."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.casefiles.api.inputs import person_id
from modules.casefiles.api.types import FilePlanEntryType
from modules.casefiles.services import add_plan_entry


class AddFilePlanEntry(BaseMutation):
    """Thêm hồ sơ vào danh mục hồ sơ của năm: số ký hiệu, tiêu đề, thời hạn bảo quản (trống: vĩnh viễn), người lập.
    / Add a file to the year's plan: code, title, retention (empty: permanent), keeper."""

    permissions = ("casefiles.add_fileplanentry",)

    class Arguments:
        year = graphene.Int(required=True)
        code = graphene.String(required=True)
        title = graphene.String(required=True)
        retention_years = graphene.Int()
        keeper_id = graphene.ID()
        keeper_department = graphene.String()
        basis = graphene.String()

    entry = graphene.Field(FilePlanEntryType)

    @classmethod
    def clean_input(cls, info, keeper_id=None, **data):
        return {**data, "keeper_id": person_id(keeper_id, "keeperId")}

    @classmethod
    def perform(cls, info, year, code, title, retention_years=None, keeper_id=None, keeper_department="", basis=""):
        return cls(entry=add_plan_entry(year, code, title, retention_years, keeper_id=keeper_id,
                                        keeper_department=keeper_department or "", basis=basis or ""))
