"""The documents fields of the unit endpoint's Query: the caller's list of documents, one document, the types, where
to download the printed registers."""

import graphene
from django.utils.translation import gettext as _

from core.api.connections import FilterInput, ListConnectionField, Ordering
from core.api.errors import INVALID_ARGUMENT, NOT_FOUND, ApiError
from core.api.optimizer import optimize
from core.api.permissions import requires
from core.errors import ServiceError
from core.ids import object_id
from modules.doctypes.services import types_in_force
from modules.documents.api.enums import DocumentDirectionEnum, DocumentStatusEnum, DocumentUrgencyEnum, value_of
from modules.documents.api.exchange import ExchangeQuery
from modules.documents.api.types import DocumentConnection, DocumentType, DocumentTypeInfoType
from modules.documents.services import access, events, registers, search, workspace
from modules.documents.services.listing import documents_for, overdue_by_assignee, overdue_q


class OverdueAssigneeType(graphene.ObjectType):
    class Meta:
        name = "DocumentOverdueAssignee"
        description = "Số phần việc quá hạn của một người hoặc phòng ban. / Late assignments of a person or department."

    person_id = graphene.ID()
    department = graphene.String(required=True)
    late = graphene.Int(required=True)


class DocumentFilter(FilterInput):
    """search: số, ký hiệu, trích yếu, cơ quan ban hành / number, symbol, subject, issuer. overdue: việc quá hạn.
    dateFrom, dateTo: ngày đến (văn bản đến) hoặc ngày tạo (văn bản đi) / arrival or creation date. issuer: cơ quan
    ban hành, có hoặc không dấu / the issuer, with or without tone marks. urgency: độ khẩn (NONE: thường)."""

    search = graphene.String()
    direction = graphene.InputField(DocumentDirectionEnum)
    status = graphene.InputField(DocumentStatusEnum)
    overdue = graphene.Boolean()
    date_from = graphene.Date()
    date_to = graphene.Date()
    issuer = graphene.String()
    urgency = graphene.InputField(DocumentUrgencyEnum)

    lookups = {"direction": "direction", "status": "status"}

    @classmethod
    def filter_queryset(cls, queryset, values):
        from django.utils import timezone

        values = {name: value_of(value) for name, value in values.items()}
        overdue = values.pop("overdue", None)
        text = (values.pop("search", None) or "").strip()
        queryset = workspace.narrowed(queryset, first=values.pop("date_from", None), last=values.pop("date_to", None),
                                      issuer=(values.pop("issuer", None) or "")[:200],
                                      urgency=values.pop("urgency", None))
        queryset = super().filter_queryset(queryset, values)
        if text:  # full text in Vietnamese, with or without tones; numbers as identifiers (services/search.py)
            queryset = search.matching(queryset, text)
        if overdue:
            queryset = queryset.filter(overdue_q(timezone.now()))
        return queryset


DocumentQueueEnum = graphene.Enum("DocumentQueue", [("WAITING", "waiting"), ("TO_SIGN", "to_sign"),
                                                    ("OVERDUE", "overdue")],
                                  description="Hàng việc: chờ tôi xử lý, chờ tôi duyệt và ký, quá hạn. / Work queues: "
                                              "waiting for me, to approve and sign, overdue.")


DocumentPeopleEnum = graphene.Enum(
    "DocumentPeople", [("LEADERS", "leaders"), ("ASSIGNABLE", "assignable")],
    description="Ai được chọn trên trang văn bản: lãnh đạo (trình, ký) hoặc người được giao việc, chuyển cho "
                "(chuyên viên, lãnh đạo, văn thư). / Whom the document pages offer: leaders (present to, sign) or "
                "the people work may be assigned or shared to (specialists, leaders, clerks).")


class DocumentPersonType(graphene.ObjectType):
    class Meta:
        name = "DocumentPerson"
        description = "Một thành viên của đơn vị, như trang văn bản liệt kê. / A member of the unit, as the pages list."

    id = graphene.ID(required=True, description="Dùng cho personId, leaderId. / For personId, leaderId.")
    name = graphene.String(required=True)


DOCUMENT_ORDER = Ordering("DocumentOrder", {"CREATED_AT": "created_at", "DUE_ON": "due_on",
                                            "ARRIVED_AT": "arrived_at", "ISSUED_AT": "issued_at"},
                          default="CREATED_AT")


class Query(ExchangeQuery, graphene.ObjectType):
    documents = ListConnectionField(
        DocumentConnection, filter=DocumentFilter, order_by=DOCUMENT_ORDER,
        description="Văn bản người gọi được xem (theo luồng xử lý và độ mật), trong một truy vấn. / The documents "
                    "the caller may see (routing and confidentiality), in one query.")
    documents_queue = ListConnectionField(
        DocumentConnection, queue=graphene.Argument(DocumentQueueEnum, required=True), filter=DocumentFilter,
        description="Một hàng việc của người gọi, khẩn trước, hạn sớm trước (như màn hình khu làm việc). / One of the "
                    "caller's work queues, the most urgent and the earliest due first (as the workspace screen).")
    document = graphene.Field(DocumentType, id=graphene.ID(required=True),
                              description="Một văn bản theo id. / One document by id.")
    documents_overdue = graphene.List(
        graphene.NonNull(OverdueAssigneeType), required=True,
        description="Việc quá hạn theo người và phòng ban, trong các văn bản người gọi được xem (cho lãnh đạo). / "
                    "Late assignments per person and department, among the documents the caller may see.")
    document_types = graphene.List(graphene.NonNull(DocumentTypeInfoType), required=True,
                                   description="Loại văn bản đang có hiệu lực. / Document types in force.")
    documents_people = graphene.List(
        graphene.NonNull(DocumentPersonType), required=True,
        kind=graphene.Argument(DocumentPeopleEnum, required=True),
        description="Những người trang văn bản cho chọn (trình lãnh đạo, giao việc, chuyển cho người khác), của đơn vị "
                    "này. / The people the document pages offer (present to a leader, assign, share), of this unit.")
    documents_register_url = graphene.String(
        required=True, direction=graphene.Argument(DocumentDirectionEnum, required=True),
        date_from=graphene.Date(required=True), date_to=graphene.Date(required=True),
        excel=graphene.Boolean(default_value=False, description="Tệp Excel thay vì PDF. / Excel instead of PDF."),
        series=graphene.String(description="Chỉ một sổ văn bản đi (mã sổ). / Only one outgoing series (its code)."),
        description="Địa chỉ tải sổ đăng ký văn bản đến hoặc đi theo Phụ lục IV Nghị định 30/2020/NĐ-CP trong khoảng "
                    "ngày (văn thư, lãnh đạo): tải bằng GET với cùng mã truy cập, như `egov documents register`. / "
                    "Where to download the register of incoming or outgoing documents of a period (Decree 30 "
                    "Appendix IV; clerks and leaders): GET it with the same bearer token.")

    @staticmethod
    @requires()
    def resolve_documents(root, info):
        return documents_for(info.context.user)

    @staticmethod
    @requires()
    def resolve_documents_queue(root, info, queue):
        return workspace.queue(info.context.user, value_of(queue))

    @staticmethod
    @requires()
    def resolve_document(root, info, id):
        selections = [node.selection_set for node in info.field_nodes]
        found = None
        if object_id(id) is not None:
            rows = access.visible_to(info.context.user).filter(pk=object_id(id))
            found = optimize(rows, info, DocumentType, selections).first()
        if found is None:
            raise ApiError(NOT_FOUND, _("Không tìm thấy văn bản %(id)s.") % {"id": id})
        events.viewed(found, info.context.user)  # every view goes into the unit's audit log
        return found

    @staticmethod
    @requires()
    def resolve_documents_overdue(root, info):
        return overdue_by_assignee(info.context.user)

    @staticmethod
    @requires()
    def resolve_document_types(root, info):
        return types_in_force()

    @staticmethod
    @requires("documents.view_document")
    def resolve_documents_people(root, info, kind):
        found = workspace.leaders() if value_of(kind) == "leaders" else workspace.assignable()
        return [DocumentPersonType(id=pk, name=name) for pk, name in found]

    @staticmethod
    @requires("documents.view_document")
    def resolve_documents_register_url(root, info, direction, date_from, date_to, excel=False, series=None):
        if not registers.may_print(info.context.user):  # the download's own rule (web/registers.py)
            raise ApiError("FORBIDDEN_ROLE", _("Chỉ văn thư và lãnh đạo in sổ đăng ký văn bản."))
        try:
            path = registers.register_path(value_of(direction), date_from, date_to, "xlsx" if excel else "pdf",
                                           (series or "").strip() or None)
        except ServiceError as refused:
            field = "series" if refused.field == "series" else "dateTo"
            raise ApiError(INVALID_ARGUMENT, refused.message, field=field) from refused
        return info.context.build_absolute_uri(path)
