"""The messages of the verdicts, by code: Vietnamese msgids, English through the catalogue; a compiled form carries
both, so the browser shows the same words as the server. `{label}`, `{min}` and `{max}` are filled per field."""

from django.utils.translation import gettext, override
from django.utils.translation import gettext_noop as N_

MESSAGES = {
    "REQUIRED": N_("{label}: cần nhập."),
    "NOT_A_NUMBER": N_("{label}: cần nhập một số."),
    "NOT_INTEGER": N_("{label}: cần số nguyên (đồng, không có phần lẻ)."),
    "INVALID_VALUE": N_("{label}: giá trị không hợp lệ."),
    "TOO_SHORT": N_("{label}: ít nhất {min} ký tự."),
    "TOO_LONG": N_("{label}: nhiều nhất {max} ký tự."),
    "PATTERN": N_("{label}: không đúng định dạng."),
    "TOO_SMALL": N_("{label}: không nhỏ hơn {min}."),
    "TOO_LARGE": N_("{label}: không lớn hơn {max}."),
    "NOT_IN_LIST": N_("{label}: chọn một giá trị trong danh sách."),
    "INVALID_DATE": N_("{label}: ngày không hợp lệ."),
    "DATE_TOO_EARLY": N_("{label}: không trước ngày {min}."),
    "DATE_TOO_LATE": N_("{label}: không sau ngày {max}."),
    "INVALID_CCCD": N_("{label}: số định danh cá nhân gồm đúng 12 chữ số."),
    "CCCD_PROVINCE": N_("{label}: 3 chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh."),
    "CCCD_CENTURY": N_("{label}: chữ số thứ tư (thế kỷ sinh và giới tính) không hợp lệ."),
    "CCCD_BIRTH_MISMATCH": N_("{label}: không khớp với năm sinh đã nhập."),
    "INVALID_TAX_CODE": N_("{label}: mã số thuế gồm 10 hoặc 13 chữ số."),
    "TAX_CODE_CHECKSUM": N_("{label}: mã số thuế không đúng (sai chữ số kiểm tra)."),
    "INVALID_PHONE": N_("{label}: số di động 10 chữ số hoặc số cố định 11 chữ số bắt đầu bằng 02."),
    "INVALID_EMAIL": N_("{label}: địa chỉ thư điện tử không hợp lệ."),
    "ADDRESS_PROVINCE": N_("{label}: chọn tỉnh, thành phố trong danh mục."),
    "ADDRESS_DISTRICT": N_("{label}: chọn quận, huyện thuộc tỉnh đã chọn."),
    "ADDRESS_COMMUNE": N_("{label}: chọn xã, phường thuộc đơn vị đã chọn."),
    "ADDRESS_STREET": N_("{label}: nhập số nhà, đường, thôn, tổ (tối đa 255 ký tự)."),
    "INVALID_FILE": N_("{label}: tệp đính kèm không hợp lệ."),
    "FILE_TYPE": N_("{label}: loại tệp này không được nhận."),
    "FILE_TOO_LARGE": N_("{label}: tệp lớn hơn {max} MB."),
    "TOO_FEW_ITEMS": N_("{label}: cần ít nhất {min} mục."),
    "TOO_MANY_ITEMS": N_("{label}: nhiều nhất {max} mục."),
    "INVALID_DATA": N_("Dữ liệu của biểu mẫu phải là một đối tượng JSON."),
}


def both_languages() -> dict:
    """{code: {"vi": ..., "en": ...}} for a compiled form."""
    with override("en"):
        english = {code: gettext(text) for code, text in MESSAGES.items()}
    return {code: {"vi": text, "en": english[code]} for code, text in MESSAGES.items()}


def show(template: str, label: str, params: dict) -> str:
    """The template filled like forms-runtime.js fills it (plain replacement, no other braces)."""
    text = template.replace("{label}", label)
    for name in ("min", "max"):
        if params.get(name) is not None:
            text = text.replace("{" + name + "}", str(params[name]))
    return text
