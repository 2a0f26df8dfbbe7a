"""What the clerk reads about a verification: the overall status and each check, in Vietnamese (English through
the catalogue)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STATUS_LABELS = {
    "valid": gettext_lazy("Chữ ký hợp lệ"),
    "untrusted": gettext_lazy("Chứng thư không được tin cậy hoặc không còn hiệu lực khi ký"),
    "modified": gettext_lazy("Văn bản bị thay đổi sau khi ký"),
    "invalid": gettext_lazy("Chữ ký không toàn vẹn (nội dung đã bị sửa)"),
    "unsigned": gettext_lazy("Tệp không có chữ ký số"),
}
REVOCATION_LABELS = {
    "good": gettext_lazy("Chứng thư chưa bị thu hồi"),
    "revoked": gettext_lazy("Chứng thư đã bị thu hồi"),
    "revoked_after_signing": gettext_lazy("Chứng thư bị thu hồi sau thời điểm ký (chữ ký vẫn hợp lệ)"),
    "not_checked": gettext_lazy("Chưa kiểm tra được tình trạng thu hồi (không truy cập được OCSP/CRL)"),
}


NOT_CHECKED_LABELS = {
    "no_address": gettext_lazy("Chưa kiểm tra được tình trạng thu hồi: chứng thư không ghi địa chỉ OCSP/CRL"),
    "unreachable": gettext_lazy("Chưa kiểm tra được tình trạng thu hồi: không truy cập được máy chủ OCSP/CRL"),
    "fetching_off": gettext_lazy("Chưa kiểm tra được tình trạng thu hồi: tra cứu OCSP/CRL đang tắt"),
}
FIELD_LABELS = {  # the fields services/issue_fields.py adds
    "SoKyHieu": gettext_lazy("số, ký hiệu"),
    "NgayBanHanh": gettext_lazy("ngày ban hành"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def describe(check: dict) -> list[str]:
    """The lines shown under one signature."""
    def yes_no(ok: bool, good: str, bad: str) -> str:
        return good if ok else bad
    lines = [
        yes_no(check["intact"], _("Toàn vẹn: nội dung đã ký không bị sửa"), _("Không toàn vẹn: nội dung đã ký bị sửa")),
        yes_no(check["trusted"], _("Chứng thư được tin cậy"), _("Chứng thư không thuộc CA được tin cậy")),
        yes_no(check["valid_at_signing"], _("Chứng thư còn hiệu lực khi ký"), _("Chứng thư không hợp lệ khi ký")),
        yes_no(check["timestamp_valid"], _("Có dấu thời gian hợp lệ"), _("Không có dấu thời gian hợp lệ")),
        str(NOT_CHECKED_LABELS.get(check.get("revocation_why", ""))
            or REVOCATION_LABELS.get(check["revocation"], check["revocation"])),
    ]
    if check.get("form_filled_after"):
        lines.append(_("Biểu mẫu được điền sau khi ký (được phép): %(fields)s") % {
            "fields": ", ".join(str(FIELD_LABELS.get(f, f)) for f in check["form_filled_after"])})
    if check["modified_after"]:
        lines.append(_("Văn bản bị thay đổi sau khi ký"))
    return lines
