"""GraphQL: where to download a dossier's printed forms (unit endpoint; MODULE_NOT_ENABLED where the module is off).

The PDF itself is served at /m/printing/<form>/<code>.pdf; these fields give its address and whether the form
applies to the dossier now. Through the gateway, send the X-Egov-Unit header with the download too.
"""

import graphene
from django.utils.translation import gettext as _

from core.api.errors import INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ApiError
from core.api.permissions import requires
from modules.onestop.services import reads
from modules.printing import services
from modules.printing.errors import PrintingError
from modules.printing.views import VIEW_DOSSIER, is_staff_of


class PrintingFormType(graphene.ObjectType):
    class Meta:
        name = "PrintingForm"
        description = ("Một biểu mẫu in của hồ sơ, theo bộ mẫu hiệu lực khi tiếp nhận (Thông tư 01/2018/TT-VPCP hoặc "
                       "03/2025/TT-VPCP). / A printable form of a dossier, in the set in force when it was received.")

    number = graphene.String(required=True, description="Số mẫu trong bộ mẫu (2025: 01 đến 06). / Form number.")
    circular = graphene.String(required=True, description="Thông tư ban hành bộ mẫu. / The circular of the set.")
    title = graphene.String(required=True)
    paper_size = graphene.String(required=True, description="A5, A4 hoặc A4 ngang. / Paper size.")
    url = graphene.String(required=True, description="Địa chỉ tải tệp PDF. / Address of the PDF.")
    available = graphene.Boolean(required=True, description="In được lúc này. / Printable now.")
    unavailable_reason = graphene.String(description="Vì sao chưa in được. / Why it cannot be printed now.")


def _absolute(info, path: str) -> str:
    return info.context.build_absolute_uri(path)


def _staff_only(info) -> None:
    """The same rule as the download: the unit's own staff (a platform superuser is not one)."""
    if not is_staff_of(info.context.user, info.context.unit):
        raise ApiError(PERMISSION_DENIED, _("Chỉ cán bộ của đơn vị được in biểu mẫu."))


class Query(graphene.ObjectType):
    printing_forms = graphene.List(
        graphene.NonNull(PrintingFormType), required=True, dossier_code=graphene.String(required=True),
        description="Các biểu mẫu in theo từng hồ sơ (bộ mẫu hiệu lực ngày tiếp nhận) và địa chỉ tải PDF "
                    "(quyền onestop.view_dossier). / A dossier's forms (the set in force on its receipt day) and "
                    "where to download each PDF.")
    printing_register_url = graphene.String(
        required=True, date_from=graphene.Date(required=True), date_to=graphene.Date(required=True),
        excel=graphene.Boolean(default_value=False, description="Tệp Excel thay vì PDF. / Excel instead of PDF."),
        description="Địa chỉ tải Sổ theo dõi hồ sơ (mẫu 07, trước 15/9/2025 mẫu 06) của các hồ sơ tiếp nhận trong "
                    "khoảng ngày (quyền onestop.view_dossier). / Where to download the register of a period.")

    @staticmethod
    @requires(VIEW_DOSSIER)
    def resolve_printing_forms(root, info, dossier_code):
        _staff_only(info)
        dossier = reads.dossier(dossier_code.strip())
        if dossier is None:
            raise ApiError(NOT_FOUND, _("Không có hồ sơ %(code)s.") % {"code": dossier_code})
        paper = services.unit_settings(info.context.unit)["paper_size"]
        reasons = services.applicable_forms(dossier)
        circular = services.form_set_of(dossier).circular
        return [PrintingFormType(number=f.number, title=str(f.title), paper_size=paper, circular=circular,
                                 url=_absolute(info, services.form_path(f.number, dossier.code)),
                                 available=not reasons[f.number], unavailable_reason=reasons[f.number] or None)
                for f in services.dossier_forms(dossier)]

    @staticmethod
    @requires(VIEW_DOSSIER)
    def resolve_printing_register_url(root, info, date_from, date_to, excel=False):
        _staff_only(info)
        try:
            services.check_period(date_from, date_to)
        except PrintingError as exc:
            raise ApiError(INVALID_ARGUMENT, str(exc), field="dateTo") from exc
        return _absolute(info, services.register_path(date_from, date_to, excel=excel))

