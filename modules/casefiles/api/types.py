"""GraphQL types of case files: the plan's entries, the files with their documents, transfers and notices."""

import graphene
from graphene.types.generic import GenericScalar

from core.api.connections import CountableConnection
from core.api.optimizer import prefetch
from modules.casefiles.services import retention_ends_on


class CaseFileStatusEnum(graphene.Enum):
    class Meta:
        name = "CaseFileStatus"
        description = "Đang lập, đã kết thúc, đã nộp lưu. / Open, closed, transferred to the archive."

    OPEN = "open"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


class FilePlanEntryType(graphene.ObjectType):
    class Meta:
        name = "FilePlanEntry"
        description = "Một hồ sơ trong danh mục hồ sơ của năm. / A file of the year's file plan."

    id = graphene.ID(required=True)
    year = graphene.Int(required=True)
    code = graphene.String(required=True, description="Số, ký hiệu hồ sơ. / File code.")
    title = graphene.String(required=True)
    retention_years = graphene.Int(description="Số năm bảo quản; null: vĩnh viễn. / Years kept; null: permanent.")
    keeper_id = graphene.ID()
    keeper_department = graphene.String(required=True)
    basis = graphene.String(required=True)


class CaseFileDocumentType(graphene.ObjectType):
    class Meta:
        name = "CaseFileDocument"
        description = "Một văn bản trong hồ sơ. / A document in the file."

    document_id = graphene.ID(required=True)
    number_symbol = graphene.String(required=True)
    document_date = graphene.Date()
    subject = graphene.String(required=True)
    issuer_name = graphene.String(required=True)
    position = graphene.Int(required=True)
    added_at = graphene.DateTime(required=True)


class CaseFileEventType(graphene.ObjectType):
    class Meta:
        name = "CaseFileEvent"
        description = "Một thao tác trên hồ sơ: ai, lúc nào. / One action on the file: who, when."

    action = graphene.String(required=True)
    actor_id = graphene.ID()
    at = graphene.DateTime(required=True)
    data = GenericScalar()


class CaseFileType(graphene.ObjectType):
    class Meta:
        name = "CaseFile"
        description = "Một hồ sơ công việc. / A case file."

    optimizations = {"documents": prefetch("documents"), "events": prefetch("events")}

    id = graphene.ID(required=True)
    year = graphene.Int(required=True)
    code = graphene.String(required=True)
    title = graphene.String(required=True)
    status = graphene.Field(CaseFileStatusEnum, required=True)
    retention_years = graphene.Int(description="null: vĩnh viễn. / null: permanent.")
    retention_ends_on = graphene.Date(description="Hết thời hạn bảo quản; null: vĩnh viễn hoặc chưa kết thúc. / "
                                                  "End of retention; null: permanent or still open.")
    keeper_id = graphene.ID()
    keeper_department = graphene.String(required=True)
    opened_at = graphene.DateTime(required=True)
    work_started_on = graphene.Date()
    work_ended_on = graphene.Date()
    closed_at = graphene.DateTime()
    transfer_due_on = graphene.Date(description="Hạn nộp lưu vào lưu trữ cơ quan. / Deadline of the transfer.")
    page_count = graphene.Int()
    note = graphene.String(required=True)
    transfer_id = graphene.ID()
    archive_number = graphene.Int(description="Số lưu trữ. / Archive number.")
    documents = graphene.List(graphene.NonNull(CaseFileDocumentType), required=True)
    events = graphene.List(graphene.NonNull(CaseFileEventType), required=True)

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_retention_ends_on(root, info):
        return retention_ends_on(root.work_ended_on, root.retention_years)

    @staticmethod
    def resolve_documents(root, info):
        return root.documents.all()

    @staticmethod
    def resolve_events(root, info):
        return root.events.all()


class CaseFileConnection(CountableConnection):
    class Meta:
        node = CaseFileType


class CaseFileTransferType(graphene.ObjectType):
    class Meta:
        name = "CaseFileTransfer"
        description = "Một lần nộp lưu vào lưu trữ cơ quan. / One transfer to the current archive."

    id = graphene.ID(required=True)
    number = graphene.Int(required=True)
    at = graphene.DateTime(required=True)
    handed_by_id = graphene.ID()
    received_by_id = graphene.ID()
    department = graphene.String(required=True)
    note = graphene.String(required=True)
    pdf_url = graphene.String(required=True, description="Mục lục hồ sơ nộp lưu (PDF). / The transfer list, PDF.")
    xlsx_url = graphene.String(required=True, description="Mục lục hồ sơ nộp lưu (Excel). / The list, Excel.")

    @staticmethod
    def resolve_pdf_url(root, info):
        return f"/m/casefiles/transfers/{root.pk}.pdf"

    @staticmethod
    def resolve_xlsx_url(root, info):
        return f"/m/casefiles/transfers/{root.pk}.xlsx"


class CaseFileNoticeType(graphene.ObjectType):
    class Meta:
        name = "CaseFileNotice"
        description = "Thông báo sắp đến hạn nộp lưu. / A transfer deadline drawing near."

    id = graphene.ID(required=True)
    case_file_id = graphene.ID(required=True)
    code = graphene.String(required=True)
    title = graphene.String(required=True)
    due_on = graphene.Date(required=True)
    created_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_code(root, info):
        return root.case_file.code

    @staticmethod
    def resolve_title(root, info):
        return root.case_file.title
