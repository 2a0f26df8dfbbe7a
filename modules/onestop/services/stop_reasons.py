"""Why a dossier's processing may be stopped (Circular 03/2025/TT-VPCP form 05, "Thông báo dừng giải quyết hồ sơ"):
the list a leader picks from, as versioned data. A reason is offered from its effective date and, when a later rule
withdraws it, until the day before `until`; a stop recorded earlier keeps the reason it was given.

The circular gives the form, not a closed list: these reasons are the cases Decree 118/2025/NĐ-CP and the one-stop
practice name (docs/modules/onestop.md says which were checked against the text and which were not).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StopReason:
    code: str
    label: str
    effective_from: date
    until: date | None = None  # first day it is no longer offered

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.until is None or day < self.until)


_FROM = date(2025, 9, 15)  # Circular 03/2025/TT-VPCP in force

STOP_REASONS: tuple[StopReason, ...] = (
    StopReason("no_supplement", _("Quá thời hạn mà tổ chức, cá nhân không bổ sung, hoàn thiện hồ sơ theo yêu cầu"),
               _FROM),
    StopReason("applicant_request", _("Tổ chức, cá nhân đề nghị dừng giải quyết hồ sơ"), _FROM),
    StopReason("fraud", _("Phát hiện hồ sơ có giấy tờ giả mạo hoặc thông tin kê khai không trung thực"), _FROM),
    StopReason("no_payment", _("Tổ chức, cá nhân không thực hiện nghĩa vụ tài chính theo quy định"), _FROM),
    StopReason("authority_request", _("Theo yêu cầu bằng văn bản của cơ quan nhà nước có thẩm quyền"), _FROM),
    StopReason("rule_changed", _("Quy định về thủ tục hành chính thay đổi, hồ sơ không còn đủ căn cứ để giải quyết"),
               _FROM),
)


def reasons_on(day: date) -> list[StopReason]:
    """The reasons a leader may pick on `day`, in the list's order."""
    return [r for r in STOP_REASONS if r.in_force(day)]


def reason_on(code: str, day: date) -> StopReason | None:
    return next((r for r in reasons_on(day) if r.code == code), None)
