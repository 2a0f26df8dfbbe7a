"""The one-stop form sets the module prints, as versioned data: each set is in force from its circular's effective
date, and a dossier prints the set in force on the day it was received (never today's set).

- Circular 01/2018/TT-VPCP (from 23 November 2018): six forms, 01 receipt ... 05 control sheet, 06 register.
- Circular 03/2025/TT-VPCP Appendix I (from 15 September 2025): seven forms, the stop notice (05) is new, the control
  sheet becomes 06 and the register 07.

A form's `kind` says what it prints (the same context serves both sets); its number is the annex's numbering.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

# What a form prints, whatever its number in a set.
RECEIPT, SUPPLEMENT, REFUSAL, APOLOGY, STOP, CONTROL, REGISTER = (
    "receipt", "supplement", "refusal", "apology", "stop", "control", "register")


@dataclass(frozen=True)
class Form:
    number: str      # "01" ... "07", the annex's numbering; also the URL segment
    title: str       # as printed on the form
    name: str        # short name, for lists
    template: str
    kind: str
    per_dossier: bool = True
    landscape: bool = False


@dataclass(frozen=True)
class FormSet:
    circular: str
    effective_from: date
    forms: dict[str, Form] = field(default_factory=dict)

    def number_of(self, kind: str) -> str | None:
        return next((n for n, f in self.forms.items() if f.kind == kind), None)

    @property
    def dossier_forms(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.forms.items() if f.per_dossier)


def _set(circular: str, effective_from: date, *forms: Form) -> FormSet:
    return FormSet(circular, effective_from, {f.number: f for f in forms})


SET_2018 = _set(
    "01/2018/TT-VPCP", date(2018, 11, 23),
    Form("01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), _("Giấy tiếp nhận, hẹn trả"),
         "printing/form_01_receipt.html", RECEIPT),
    Form("02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), _("Phiếu yêu cầu bổ sung"),
         "printing/form_02_supplement.html", SUPPLEMENT),
    Form("03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"), _("Phiếu từ chối"),
         "printing/form_03_refusal.html", REFUSAL),
    Form("04", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), _("Phiếu xin lỗi, hẹn lại"),
         "printing/form_04_apology.html", APOLOGY),
    Form("05", _("Phiếu kiểm soát quá trình giải quyết hồ sơ"), _("Phiếu kiểm soát"),
         "printing/form_05_control.html", CONTROL),
    Form("06", _("Sổ theo dõi hồ sơ"), _("Sổ theo dõi hồ sơ"), "printing/form_06_register.html", REGISTER,
         per_dossier=False, landscape=True),
)

SET_2025 = _set(
    "03/2025/TT-VPCP", date(2025, 9, 15),
    Form("01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), _("Giấy tiếp nhận, hẹn trả"),
         "printing/2025/form_01_receipt.html", RECEIPT),
    Form("02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), _("Phiếu yêu cầu bổ sung"),
         "printing/2025/form_02_supplement.html", SUPPLEMENT),
    Form("03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"), _("Phiếu từ chối"),
         "printing/2025/form_03_refusal.html", REFUSAL),
    Form("04", _("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"), _("Văn bản xin lỗi, gia hạn"),
         "printing/2025/form_04_apology.html", APOLOGY),
    Form("05", _("Thông báo dừng giải quyết hồ sơ"), _("Thông báo dừng giải quyết"),
         "printing/2025/form_05_stop.html", STOP),
    Form("06", _("Phiếu kiểm soát quá trình giải quyết hồ sơ"), _("Phiếu kiểm soát"),
         "printing/2025/form_06_control.html", CONTROL),
    Form("07", _("Sổ theo dõi hồ sơ"), _("Sổ theo dõi hồ sơ"), "printing/2025/form_07_register.html", REGISTER,
         per_dossier=False, landscape=True),
)

FORM_SETS: tuple[FormSet, ...] = (SET_2018, SET_2025)  # oldest first


def form_set_on(day: date) -> FormSet:
    """The set in force on `day` (the oldest for a day before every set)."""
    in_force = [s for s in FORM_SETS if s.effective_from <= day]
    return max(in_force, key=lambda s: s.effective_from) if in_force else FORM_SETS[0]
