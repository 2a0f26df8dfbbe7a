"""The notices every unit starts with, in Vietnamese; a unit edits its own copy (NoticeTemplate) in its admin.

Each entry is (event, channel) -> (subject, body), in Django template syntax with the variables of
services/templates.py (VARIABLES). The pairs listed here are the only ones that exist: an event a channel does not
carry (a refusal to staff) has no entry. SMS have no subject.
"""

from modules.notices.events import Event, NoticeChannel

E, C = Event, NoticeChannel
_LOOKUP = "{% if lookup_url %} Tra cứu: {{ lookup_url }}{% endif %}"
_LOOKUP_MAIL = "{% if lookup_url %}\nTra cứu tình trạng hồ sơ tại: {{ lookup_url }}\n{% endif %}"
_DEAR = "Kính gửi Ông/Bà {{ applicant_name }},\n\n"
_SIGN = "\nTrân trọng,\n{{ unit_name }}"
_ITEMS = "{% for item in supplement_items %}- {{ item }}\n{% endfor %}"

DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    (E.RECEIVED, C.SMS): ("", "{{ unit_name }}: đã tiếp nhận hồ sơ {{ code }} ({{ procedure_name|truncatechars:60 }})."
                              " Hẹn trả kết quả: {{ appointment }}." + _LOOKUP),
    (E.RECEIVED, C.EMAIL): (
        "Đã tiếp nhận hồ sơ {{ code }}",
        _DEAR + "{{ unit_name }} đã tiếp nhận hồ sơ của Ông/Bà.\n\n- Mã hồ sơ: {{ code }}\n"
        "- Thủ tục: {{ procedure_name }}\n- Ngày tiếp nhận: {{ received_at }}\n- Ngày hẹn trả kết quả: {{ appointment }}\n"
        + _LOOKUP_MAIL + _SIGN),
    (E.RECEIVED, C.STAFF_EMAIL): (
        "Hồ sơ mới {{ code }} cần xử lý",
        "Hồ sơ {{ code }} ({{ procedure_name }}) của {{ applicant_name }} được tiếp nhận lúc {{ received_at }}.\n"
        "Bước xử lý: {{ step_name }}.\nHẹn trả kết quả: {{ appointment }}."),

    (E.SUPPLEMENT_REQUESTED, C.SMS): ("", "{{ unit_name }}: hồ sơ {{ code }} cần bổ sung: "
                                          "{{ supplement_items|join:'; '|truncatechars:120 }}." + _LOOKUP),
    (E.SUPPLEMENT_REQUESTED, C.EMAIL): (
        "Hồ sơ {{ code }} cần bổ sung giấy tờ",
        _DEAR + "Hồ sơ {{ code }} ({{ procedure_name }}) cần bổ sung các giấy tờ sau:\n" + _ITEMS
        + "{% if reason %}\nLý do: {{ reason }}\n{% endif %}"
        "\nThời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung.\n" + _LOOKUP_MAIL + _SIGN),
    (E.SUPPLEMENT_REQUESTED, C.STAFF_EMAIL): (
        "Hồ sơ {{ code }} đã được yêu cầu bổ sung",
        "Hồ sơ {{ code }} ({{ procedure_name }}) của {{ applicant_name }} chờ bổ sung:\n" + _ITEMS
        + "{% if reason %}Lý do: {{ reason }}{% endif %}"),

    (E.TRANSFERRED, C.SMS): ("", "{{ unit_name }}: hồ sơ {{ code }} đã được chuyển liên thông đến "
                                 "{{ transfer_unit|default:'cơ quan có thẩm quyền'|truncatechars:60 }} để giải quyết tiếp."
                                 + _LOOKUP),
    (E.TRANSFERRED, C.EMAIL): (
        "Hồ sơ {{ code }} đã được chuyển liên thông",
        _DEAR + "Hồ sơ {{ code }} ({{ procedure_name }}) đã được chuyển liên thông đến "
        "{{ transfer_unit|default:'cơ quan có thẩm quyền' }} để giải quyết tiếp. Ngày hẹn trả kết quả: {{ appointment }}.\n"
        + _LOOKUP_MAIL + _SIGN),
    (E.TRANSFERRED, C.STAFF_EMAIL): (
        "Hồ sơ {{ code }} đã chuyển liên thông",
        "Hồ sơ {{ code }} ({{ procedure_name }}) đã được chuyển đến {{ transfer_unit }}."
        "{% if reason %}\nGhi chú: {{ reason }}{% endif %}\nHẹn trả kết quả: {{ appointment }}."),

    (E.EXTENDED, C.SMS): ("", "{{ unit_name }} xin lỗi Ông/Bà vì hồ sơ {{ code }} chưa có kết quả đúng hẹn "
                              "{{ previous_appointment }}. Hẹn lại: {{ appointment }}. Lý do: {{ reason|truncatechars:80 }}"),
    (E.EXTENDED, C.EMAIL): (
        "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ code }}",
        _DEAR + "{{ unit_name }} xin lỗi Ông/Bà vì hồ sơ {{ code }} ({{ procedure_name }}), hẹn trả kết quả lúc "
        "{{ previous_appointment }}, chưa được giải quyết đúng hẹn.\n\nLý do: {{ reason }}\n"
        "Ngày hẹn trả kết quả mới: {{ appointment }}.\n\nMong Ông/Bà thông cảm.\n" + _LOOKUP_MAIL + _SIGN),
    (E.EXTENDED, C.STAFF_EMAIL): (
        "Hồ sơ {{ code }} được hẹn lại đến {{ appointment }}",
        "Hồ sơ {{ code }} ({{ procedure_name }}) được gia hạn: hẹn cũ {{ previous_appointment }}, "
        "hẹn mới {{ appointment }}.\nLý do: {{ reason }}"),

    (E.RESULT_READY, C.SMS): ("", "{{ unit_name }}: hồ sơ {{ code }} đã có kết quả. Mời Ông/Bà đến nhận kết quả."
                                  + _LOOKUP),
    (E.RESULT_READY, C.EMAIL): (
        "Hồ sơ {{ code }} đã có kết quả",
        _DEAR + "Hồ sơ {{ code }} ({{ procedure_name }}) đã có kết quả. Mời Ông/Bà đến nhận kết quả theo hình thức "
        "đã đăng ký.\n" + _LOOKUP_MAIL + _SIGN),
    (E.RESULT_READY, C.STAFF_EMAIL): (
        "Hồ sơ {{ code }} có kết quả, chờ trả cho công dân",
        "Hồ sơ {{ code }} ({{ procedure_name }}) của {{ applicant_name }} đã có kết quả; trả kết quả cho công dân."),

    (E.REFUSED, C.SMS): ("", "{{ unit_name }}: hồ sơ {{ code }} không được giải quyết. "
                             "Lý do: {{ reason|truncatechars:150 }}"),
    (E.REFUSED, C.EMAIL): (
        "Hồ sơ {{ code }} không được giải quyết",
        _DEAR + "{{ unit_name }} rất tiếc thông báo hồ sơ {{ code }} ({{ procedure_name }}) không được giải quyết.\n\n"
        "Lý do: {{ reason }}\n" + _SIGN),

    # Circular 03/2025/TT-VPCP form 05: the applicant is told the processing stopped, why, and where the papers are.
    (E.STOPPED, C.SMS): ("", "{{ unit_name }}: dừng giải quyết hồ sơ {{ code }}. Lý do: {{ reason|truncatechars:120 }}."
                             " Mời Ông/Bà nhận lại hồ sơ tại nơi đã nộp." + _LOOKUP),
    (E.STOPPED, C.EMAIL): (
        "Thông báo dừng giải quyết hồ sơ {{ code }}",
        _DEAR + "{{ unit_name }} thông báo dừng giải quyết hồ sơ {{ code }} ({{ procedure_name }}).\n\n"
        "Lý do: {{ reason }}\n\nMời Ông/Bà nhận lại hồ sơ, giấy tờ đã nộp tại nơi đã nộp hồ sơ. Ông/Bà có thể nộp lại "
        "hồ sơ khi đủ điều kiện theo quy định.\n" + _LOOKUP_MAIL + _SIGN),
}


def channels_of(event: str) -> list[str]:
    """The channels an event is notified by, in a fixed order."""
    return [channel for channel in NoticeChannel.values if (event, channel) in DEFAULTS]
