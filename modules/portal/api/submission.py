"""A citizen's online submission with its files through the API (a multipart request: core/api/multipart.py): the
portal page's own service (services/submission.py), so the same checks (type sniffed from the bytes, the unit's
max_file_mb, the virus-scan hook, MAX_FILES) and the same limits (attempts per client address, counted with the
page's, and the one-stop module's limits per address and phone number). Needs no account, and reads no cookie: a
citizen's portal session gives this call nothing, so a cross-site form gains nothing by posting it."""

import graphene
from graphene.types.generic import GenericScalar

from core.api.mutations.base import BaseMutation
from core.api.types.upload import Upload
from core.client_address import client_address
from modules.portal.services import submission


class PortalSubmittedFileType(graphene.ObjectType):
    class Meta:
        name = "PortalSubmittedFile"
        description = "Một tệp đã nộp kèm hồ sơ trực tuyến. / A file attached to an online dossier."

    name = graphene.String(required=True, description="Tên tệp đã làm sạch. / The cleaned file name.")
    content_type = graphene.String(required=True, description="Kiểu nhận biết từ nội dung. / Sniffed from the bytes.")
    size = graphene.Int(required=True)
    sha256 = graphene.String(required=True)


class PortalReceiptType(graphene.ObjectType):
    class Meta:
        name = "PortalReceipt"
        description = "Giấy tiếp nhận hồ sơ nộp trực tuyến kèm tệp. / The receipt of an online submission with files."

    code = graphene.String(required=True)
    procedure_code = graphene.String(required=True)
    procedure_name = graphene.String(required=True)
    received_at = graphene.DateTime(required=True)
    due_at = graphene.DateTime(required=True, description="Hẹn trả kết quả dự kiến. / Expected appointment.")
    lookup_url = graphene.String(required=True, description="Trang tra cứu hồ sơ. / Where to look the dossier up.")
    confirmation_pending = graphene.Boolean(
        required=True, description="Chờ xác nhận số điện thoại hoặc thư điện tử (noticesConfirmContact). / Waiting "
                                   "for the applicant to confirm the phone or e-mail.")
    files = graphene.List(graphene.NonNull(PortalSubmittedFileType), required=True)

    @staticmethod
    def resolve_confirmation_pending(root, info):
        return submission.confirmation_state(root.code) == "pending"


class PortalSubmitDossierInput(graphene.InputObjectType):
    procedure_code = graphene.String(required=True)
    applicant_name = graphene.String(required=True)
    applicant_phone = graphene.String(required=True, description="Bắt buộc, để liên hệ. / Required, to reach you.")
    applicant_email = graphene.String()
    applicant_id_number = graphene.String()
    data = GenericScalar(description="Dữ liệu khai (một đối tượng JSON). / The application's data (a JSON object).")


class PortalSubmitDossierOnline(BaseMutation):
    """Công dân nộp hồ sơ trực tuyến kèm tệp (yêu cầu multipart), không cần tài khoản; cùng kiểm tra và giới hạn như
    trang nộp hồ sơ của cổng. / A citizen submits a dossier online with files (a multipart request), no account
    needed; the portal page's checks and limits."""

    permissions = ()
    login_required = False

    class Arguments:
        input = PortalSubmitDossierInput(required=True)
        files = graphene.List(graphene.NonNull(Upload), description="Tệp đính kèm (PDF, JPEG, PNG, TIFF, Word, Excel, "
                                                                    "ODT), tối đa 5. / Attachments, at most 5.")

    receipt = graphene.Field(PortalReceiptType)

    @classmethod
    def perform(cls, info, input, files=None):
        request = info.context
        receipt = submission.submit(request.unit, dict(input), files or [], client_address(request))
        return cls(receipt=receipt)
