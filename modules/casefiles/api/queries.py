"""The case-file fields of the unit endpoint's Query: the plan, the files, one file, transfers and notices."""

import graphene
from django.utils.translation import gettext as _

from core.api.connections import FilterInput, ListConnectionField, Ordering
from core.api.errors import NOT_FOUND, ApiError
from core.api.optimizer import optimize
from core.api.permissions import requires
from modules.casefiles import services
from modules.casefiles.api.inputs import is_id
from modules.casefiles.api.types import (
    CaseFileConnection,
    CaseFileNoticeType,
    CaseFileStatusEnum,
    CaseFileTransferType,
    CaseFileType,
    FilePlanEntryType,
)

VIEW = "casefiles.view_casefile"


class CaseFileFilter(FilterInput):
    """search: số, ký hiệu, tiêu đề / code, title."""

    search = graphene.String()
    status = graphene.InputField(CaseFileStatusEnum)
    year = graphene.Int()

    lookups = {"status": "status", "year": "year"}
    search_fields = ("code", "title")

    @classmethod
    def filter_queryset(cls, queryset, values):
        values = {k: getattr(v, "value", v) for k, v in values.items()}
        return super().filter_queryset(queryset, values)


CASEFILE_ORDER = Ordering("CaseFileOrder", {"CODE": "code", "OPENED_AT": "opened_at",
                                            "TRANSFER_DUE_ON": "transfer_due_on", "ARCHIVE_NUMBER": "archive_number"},
                          default="CODE")


class Query(graphene.ObjectType):
    casefile_plan = graphene.List(graphene.NonNull(FilePlanEntryType), required=True, year=graphene.Int(required=True),
                                  description="Danh mục hồ sơ của năm. / The file plan of a year.")
    casefiles = ListConnectionField(CaseFileConnection, filter=CaseFileFilter, order_by=CASEFILE_ORDER,
                                    description="Hồ sơ công việc của đơn vị. / The unit's case files.")
    casefile = graphene.Field(CaseFileType, id=graphene.ID(required=True),
                              description="Một hồ sơ theo id. / One case file by id.")
    casefile_transfers = graphene.List(graphene.NonNull(CaseFileTransferType), required=True,
                                       description="Các lần nộp lưu. / Transfers to the archive.")
    casefile_notices = graphene.List(graphene.NonNull(CaseFileNoticeType), required=True,
                                     description="Hồ sơ sắp đến hạn nộp lưu. / Files near their transfer deadline.")

    @staticmethod
    @requires(VIEW)
    def resolve_casefile_plan(root, info, year):
        return services.plan_of(year)

    @staticmethod
    @requires(VIEW)
    def resolve_casefiles(root, info):
        return services.files()

    @staticmethod
    @requires(VIEW)
    def resolve_casefile(root, info, id):
        found = None
        if is_id(id):
            selections = [node.selection_set for node in info.field_nodes]
            found = optimize(services.files().filter(pk=int(id)), info, CaseFileType, selections).first()
        if found is None:
            raise ApiError(NOT_FOUND, _("Không tìm thấy hồ sơ %(id)s.") % {"id": id})
        return found

    @staticmethod
    @requires(VIEW)
    def resolve_casefile_transfers(root, info):
        return services.transfers()

    @staticmethod
    @requires(VIEW)
    def resolve_casefile_notices(root, info):
        return services.notices().filter(case_file__status="closed")
