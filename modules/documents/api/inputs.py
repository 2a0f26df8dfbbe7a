"""GraphQL inputs of the documents mutations, turned into the services' plain inputs."""

import base64
import binascii

import graphene
from django.utils.translation import gettext as _

from core.api.mutations.base import MutationError
from core.api.types.upload import Upload, content_of, one_way
from core.ids import object_id
from modules.documents.api.enums import (
    AssignmentRoleEnum,
    DocumentConfidentialityEnum,
    DocumentUrgencyEnum,
    value_of,
)
from modules.documents.services.inputs import AssignmentInput, FileInput, Metadata, RecipientInput


class DocumentMetadataInput(graphene.InputObjectType):
    type_code = graphene.String(required=True, description="Mã loại (documentTypes). / Type code.")
    subject = graphene.String(required=True, description="Trích yếu. / Subject.")
    summary = graphene.String(default_value="")
    number = graphene.Int(description="Văn bản đến: số của cơ quan ban hành. / Incoming: the issuer's number.")
    symbol = graphene.String(default_value="")
    issuer_name = graphene.String(default_value="")
    issuer_code = graphene.String(default_value="")
    place = graphene.String(default_value="")
    issued_on = graphene.Date()
    signer_name = graphene.String(default_value="")
    signer_position = graphene.String(default_value="")
    authority_prefix = graphene.String(default_value="")
    recipients = graphene.String(default_value="", description="Nơi nhận. / Recipients.")
    page_count = graphene.Int()
    language = graphene.String(default_value="vi")
    urgency = graphene.InputField(DocumentUrgencyEnum)
    confidentiality = graphene.InputField(DocumentConfidentialityEnum)
    is_copy = graphene.Boolean(default_value=False)
    due_on = graphene.Date()


class DocumentFileInput(graphene.InputObjectType):
    name = graphene.String(required=True)
    content_type = graphene.String(required=True, description="Phải đúng với nội dung. / Must match the bytes.")
    content_base64 = graphene.String(description="Nội dung mã hóa base64; hoặc content. / The bytes, base64; or "
                                                 "content.")
    content = Upload(description="Nội dung là một phần tệp của yêu cầu multipart (thay cho contentBase64). / The "
                                 "bytes as a file part of a multipart request (instead of contentBase64).")


class DocumentAssignmentInput(graphene.InputObjectType):
    role = graphene.InputField(AssignmentRoleEnum, required=True)
    person_id = graphene.ID()
    department = graphene.String(default_value="")
    days = graphene.Int(description="Số ngày làm việc. / Working days.")


class DocumentRecipientInput(graphene.InputObjectType):
    name = graphene.String(default_value="")
    unit_code = graphene.String(default_value="", description="Đơn vị trong hệ thống: nhận ngay là văn bản đến. / "
                                                              "A unit of this installation: incoming there at once.")
    organ_id = graphene.String(default_value="", description="Cơ quan ngoài hệ thống (mã định danh, Quyết định "
                                                              "20/2020/QĐ-TTg): gửi qua trục liên thông. / An outside "
                                                              "agency's code: sent through the document axis.")


def metadata(data) -> Metadata:
    values = {k: value_of(v) for k, v in dict(data).items()}
    values["urgency"] = values.get("urgency") or ""
    values["confidentiality"] = values.get("confidentiality") or ""
    return Metadata(**values)


def files(items) -> tuple[FileInput, ...]:
    out = []
    for item in items or ():
        encoded, upload = item.get("content_base64"), item.get("content")
        one_way(encoded, upload, "files", required=True)
        if upload is not None:
            out.append(FileInput(item["name"], content_of(upload), item["content_type"]))
            continue
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MutationError("INVALID_DATA", _("Tệp không phải base64 hợp lệ."), field="files") from exc
        out.append(FileInput(item["name"], content, item["content_type"]))
    return tuple(out)


def _person(value) -> int | None:
    if value in (None, ""):
        return None
    if object_id(value) is None:
        raise MutationError("INVALID_DATA", _("Mã người không hợp lệ."), field="personId")
    return object_id(value)


def assignments(items) -> list[AssignmentInput]:
    return [AssignmentInput(value_of(i["role"]), _person(i.get("person_id")), i.get("department") or "",
                            i.get("days")) for i in items]


def recipients(items) -> list[RecipientInput]:
    return [RecipientInput(i.get("name") or "", i.get("unit_code") or "", i.get("organ_id") or "") for i in items or ()]


def document_id(value) -> int:
    if object_id(value) is None:
        raise MutationError("NOT_FOUND", _("Không tìm thấy văn bản %(id)s.") % {"id": value}, field="id")
    return object_id(value)
