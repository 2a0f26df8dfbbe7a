"""The forms of Circular 01/2018/TT-VPCP's annex that the module prints."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Form:
    number: str      # "01" ... "06", the annex's numbering; also the URL segment
    title: str       # as printed on the form
    name: str        # short name, for lists
    template: str
    per_dossier: bool = True
    landscape: bool = False


RECEIPT, SUPPLEMENT, REFUSAL, APOLOGY, CONTROL, REGISTER = "01", "02", "03", "04", "05", "06"

FORMS: dict[str, Form] = {f.number: f for f in (
    Form(RECEIPT, _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), _("Giấy tiếp nhận, hẹn trả"),
         "printing/form_01_receipt.html"),
    Form(SUPPLEMENT, _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), _("Phiếu yêu cầu bổ sung"),
         "printing/form_02_supplement.html"),
    Form(REFUSAL, _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"), _("Phiếu từ chối"),
         "printing/form_03_refusal.html"),
    Form(APOLOGY, _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), _("Phiếu xin lỗi, hẹn lại"),
         "printing/form_04_apology.html"),
    Form(CONTROL, _("Phiếu kiểm soát quá trình giải quyết hồ sơ"), _("Phiếu kiểm soát"),
         "printing/form_05_control.html"),
    Form(REGISTER, _("Sổ theo dõi hồ sơ"), _("Sổ theo dõi hồ sơ"), "printing/form_06_register.html",
         per_dossier=False, landscape=True),
)}
DOSSIER_FORMS = tuple(n for n, f in FORMS.items() if f.per_dossier)
