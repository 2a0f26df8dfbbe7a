"""GraphQL of digitisation at receipt and data instead of paper: the components as received (on the dossier), their
input on onestopReceiveDossier, and the result's digitisation (onestopDigitiseResult)."""

import base64
import binascii

import graphene
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.mutations.base import BaseMutation, MutationError
from core.api.types.upload import Upload, content_of, one_way
from modules.onestop.api.errors import typed_errors
from modules.onestop.models import Exemption, Handling
from modules.onestop.services import data_sources, digitisation, reads

ComponentHandlingEnum = graphene.Enum(
    "DossierComponentHandling", [(h.value.upper(), h.value) for h in Handling],
    description="SCANNED: đã quét; EXEMPT: không phải số hóa (Điều 5 Thông tư 03/2025/TT-VPCP); DATABASE: khai thác "
                "từ cơ sở dữ liệu thay cho bản giấy; PAPER: cơ sở dữ liệu không có hoặc sai, yêu cầu bản giấy. / "
                "Scanned; exempt; taken from a shared database; paper asked for after a failed look-up.")
ExemptionEnum = graphene.Enum(
    "DossierExemption", [(e.value.upper(), e.value) for e in Exemption],
    description="Lý do không số hóa (Điều 5 Thông tư 03/2025/TT-VPCP). / Why a paper is not scanned.")


class DossierComponentType(graphene.ObjectType):
    class Meta:
        name = "DossierComponent"
        description = "Một thành phần hồ sơ (hoặc kết quả) như đã tiếp nhận. / A component (or the result) as received."

    name = graphene.String(required=True)
    is_result = graphene.Boolean(required=True)
    handling = graphene.Field(ComponentHandlingEnum, required=True)
    exemption = graphene.Field(ExemptionEnum)
    file_name = graphene.String(required=True)
    sha256 = graphene.String(description="Mã băm của bản quét. / The scan's SHA-256.")
    database = graphene.String(required=True, description="Mã cơ sở dữ liệu đã tra cứu. / The database looked up.")
    lookup_reference = graphene.String(required=True)
    fallback_reason = graphene.String(required=True, description="Vì sao phải nộp bản giấy. / Why paper was asked.")

    @staticmethod
    def resolve_is_result(root, info):
        return root.kind == root.RESULT

    @staticmethod
    def resolve_handling(root, info):
        return str(root.handling)  # a model choice member before the row is read back

    @staticmethod
    def resolve_exemption(root, info):
        return str(root.exemption) if root.exemption else None

    @staticmethod
    def resolve_sha256(root, info):
        return root.scan_id

    @staticmethod
    def resolve_database(root, info):
        return root.database_code


class DossierComponentInput(graphene.InputObjectType):
    name = graphene.String(required=True, description="Tên giấy tờ. / The paper's name.")
    scan_base64 = graphene.String(description="Bản quét (PDF, JPEG, PNG, TIFF) mã hóa base64. / The scan, base64.")
    scan = Upload(description="Bản quét là một phần tệp của yêu cầu multipart (thay cho scanBase64). / The scan as a "
                              "file part of a multipart request (instead of scanBase64).")
    file_name = graphene.String(description="Mặc định tên phần tệp, hoặc ban-quet. / By default the file part's name.")
    exemption = graphene.InputField(ExemptionEnum, description="SHOWN_ONLY hoặc CONFIDENTIAL khi không quét. / "
                                                               "When the paper is not scanned.")
    database = graphene.String(description="Cơ sở dữ liệu tra cứu thay cho bản giấy: population, enterprise, land, "
                                           "civil_status, officials. / "
                                           "A shared database to look the data up in instead of asking for paper.")
    lookup_key = graphene.String(description="Khóa tra cứu, mặc định số định danh của người nộp. / The look-up key; "
                                             "by default the applicant's id number.")


def _scan(value: str | None, file_name: str | None, field: str, upload=None) -> digitisation.Scan | None:
    """The scan sent base64-encoded or as a file part (one of them); the services check its type and size."""
    one_way(value, upload, field)
    if upload is not None:
        return digitisation.Scan(file_name or upload.name or "ban-quet", content_of(upload))
    if not value:
        return None
    try:
        content = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MutationError("INVALID_DATA", _("Bản quét không phải base64 hợp lệ."), field=field) from exc
    return digitisation.Scan(file_name or "ban-quet", content)


def parts_of(components, applicant_id_number: str) -> list[digitisation.Part]:
    """The components of a ReceiveDossierInput as the services take them; each database look-up done here, before
    the receipt's transaction (a slow registry never holds the day's counter row)."""
    parts = []
    for c in components or ():
        exemption = getattr(c.get("exemption"), "value", c.get("exemption")) or ""
        found = {}
        if c.get("database"):
            found = data_sources.look_up(c["database"], c.get("lookup_key") or applicant_id_number).as_part()
        scan = _scan(c.get("scan_base64"), c.get("file_name"), "components", c.get("scan"))
        parts.append(digitisation.Part(c["name"], scan, exemption, found))
    return parts


class DigitiseResult(BaseMutation):
    """Số hóa kết quả giải quyết (bản quét hoặc kết quả điện tử), hoặc ghi lý do không số hóa. / Digitise a
    dossier's result, or record why it is not."""

    permissions = ("onestop.change_dossier",)

    class Arguments:
        code = graphene.String(required=True)
        scan_base64 = graphene.String()
        scan = Upload(description="Bản quét là một phần tệp của yêu cầu multipart (thay cho scanBase64). / The scan "
                                  "as a file part of a multipart request (instead of scanBase64).")
        file_name = graphene.String()
        exemption = graphene.Argument(ExemptionEnum, description="PROCESSING_RESULT hoặc CONFIDENTIAL.")

    component = graphene.Field(DossierComponentType)

    @classmethod
    def perform(cls, info, code, scan_base64=None, scan=None, file_name=None, exemption=None):
        dossier = reads.dossier(code)
        if dossier is None:
            raise MutationError("NOT_FOUND", _("Không có hồ sơ %(code)s.") % {"code": code}, field="code")
        scan = _scan(scan_base64, file_name, "scanBase64", scan)
        with typed_errors(["code", "scanBase64", "scan", "fileName", "exemption"]), transaction.atomic():
            row = digitisation.record_result(dossier, scan=scan, exemption=getattr(exemption, "value", exemption) or "",
                                             actor=info.context.user, at=timezone.now())
        return cls(component=row)
