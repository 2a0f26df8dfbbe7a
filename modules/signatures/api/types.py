"""GraphQL types of signed PDFs and their verification (labels in Vietnamese, English through the catalogue)."""

import graphene

from modules.signatures import services
from modules.signatures.services.labels import status_label


class SignatureCheckType(graphene.ObjectType):
    class Meta:
        name = "SignatureCheck"
        description = "Kết quả kiểm tra một chữ ký trong tệp. / The check of one signature in the file."

    field = graphene.String(required=True, description="Tên trường chữ ký. / Signature field name.")
    signer = graphene.String(required=True, description="Người ký / cơ quan (CN). / Signer's common name.")
    organisation = graphene.String(required=True)
    intact = graphene.Boolean(required=True, description="Nội dung đã ký còn nguyên. / Signed bytes unchanged.")
    trusted = graphene.Boolean(required=True, description="Đến CA tin cậy. / Chains to a trust root.")
    valid_at_signing = graphene.Boolean(required=True, description="Chứng thư hợp lệ khi ký. / Valid when signed.")
    signed_at = graphene.String(description="Thời điểm ký (ISO 8601, +07:00). / Time of signing.")
    timestamped = graphene.Boolean(required=True)
    timestamp_valid = graphene.Boolean(required=True)
    revocation = graphene.String(required=True, description="good | revoked | revoked_after_signing | not_checked")
    revocation_why = graphene.String(description="Vì sao chưa kiểm tra được: no_address | unreachable | "
                                     "fetching_off. / Why revocation was not checked.")
    revoked_at = graphene.String(description="Thời điểm thu hồi chứng thư, nếu có. / When the certificate was revoked.")
    embedded_validation = graphene.Boolean(required=True, description="Chuỗi chứng thư và trả lời CRL/OCSP nằm trong "
                                           "tệp (PAdES B-LT). / Chain and CRL/OCSP answers embedded in the file.")
    modified_after = graphene.Boolean(required=True, description="Bị thay đổi sau khi ký. / Changed after signing.")
    labels = graphene.List(graphene.NonNull(graphene.String), required=True,
                           description="Các dòng hiển thị cho văn thư. / Lines shown to the clerk.")

    @staticmethod
    def resolve_labels(root, info):
        return services.describe(root)

    @staticmethod
    def resolve_field(root, info):
        return root["field"]

    form_filled_after = graphene.List(graphene.NonNull(graphene.String), required=True, description=(
        "Trường biểu mẫu được điền sau khi ký, như khóa trường cho phép (số, ngày ban hành). / Form fields filled "
        "after signing, as the field lock allows (number and date of issue)."))

    @staticmethod
    def resolve_form_filled_after(root, info):
        return root.get("form_filled_after") or []

    @staticmethod
    def resolve_embedded_validation(root, info):
        return bool(root.get("embedded_validation"))  # checks kept before long-term validation: False


class DocumentTimestampType(graphene.ObjectType):
    class Meta:
        name = "DocumentTimestampCheck"
        description = "Dấu thời gian tài liệu (PAdES B-LTA). / A document timestamp (PAdES B-LTA)."

    field = graphene.String(required=True)
    at = graphene.String(description="Thời điểm (ISO 8601, +07:00). / Its time.")
    intact = graphene.Boolean(required=True)
    trusted = graphene.Boolean(required=True, description="Máy chủ dấu thời gian được tin cậy. / Trusted TSA.")

    @staticmethod
    def resolve_field(root, info):
        return root["field"]


class VerificationType(graphene.ObjectType):
    class Meta:
        name = "SignatureVerification"
        description = "Kết quả kiểm tra chữ ký số của một tệp. / The verification of a file's signatures."

    status = graphene.String(required=True, description="valid | untrusted | modified | invalid | unsigned")
    status_label = graphene.String(required=True)
    ok = graphene.Boolean(required=True, description="Đạt: mọi chữ ký hợp lệ. / Every signature valid.")
    checked_at = graphene.String(required=True)
    level = graphene.String(description="Mức PAdES: B-B, B-T, B-LT, B-LTA. / PAdES baseline level.")
    signatures = graphene.List(graphene.NonNull(SignatureCheckType), required=True)
    timestamps = graphene.List(graphene.NonNull(DocumentTimestampType), required=True,
                               description="Dấu thời gian tài liệu. / Document timestamps.")

    @staticmethod
    def resolve_status_label(root, info):
        return status_label(root.status)

    @staticmethod
    def resolve_ok(root, info):
        return root.status == "valid"

    @staticmethod
    def resolve_checked_at(root, info):
        return root.result["checked_at"]

    @staticmethod
    def resolve_signatures(root, info):
        return root.result["signatures"]

    @staticmethod
    def resolve_level(root, info):
        return root.result.get("level")

    @staticmethod
    def resolve_timestamps(root, info):
        return root.result.get("timestamps") or []


class SignedPdfType(graphene.ObjectType):
    class Meta:
        name = "SignedPdf"
        description = "Tệp PDF có chữ ký số, lưu một lần, không sửa. / A signed PDF, stored once, never modified."

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    sha256 = graphene.String(required=True)
    size = graphene.Int(required=True)
    origin = graphene.String(required=True, description="signed | received")
    flagged = graphene.Boolean(required=True, description="Có vấn đề cần xem. / Failed verification.")
    verification = graphene.Field(VerificationType, description="Lần kiểm tra mới nhất. / The latest check.")

    @staticmethod
    def resolve_verification(root, info):
        return services.latest_verification(root)

    @staticmethod
    def resolve_flagged(root, info):
        latest = services.latest_verification(root)
        return latest is None or latest.status != "valid"
