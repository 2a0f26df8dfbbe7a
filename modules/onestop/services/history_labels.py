"""What staff read for each line of a dossier's history: the event's action in words, never its code.

The codes are the rule book's actions (transitions.py) and the events recorded outside it: an arrival (arrivals.py),
a reorganisation's carry (reorganisation.py), a step reported by the unit the dossier was sent to ("remote:<action>",
handlers.py). An unknown code is shown as it is. The citizen's look-up words its steps for citizens
(modules/tracking/services/lookup.py).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HISTORY_LABELS = {
    "receive": gettext_lazy("Tiếp nhận hồ sơ"),
    "receive_transfer": gettext_lazy("Nhận hồ sơ liên thông"),
    "start": gettext_lazy("Chuyển xử lý"),
    "forward": gettext_lazy("Chuyển bước tiếp theo"),
    "request_supplement": gettext_lazy("Yêu cầu bổ sung"),
    "supplement_received": gettext_lazy("Đã nhận bổ sung"),
    "pause": gettext_lazy("Tạm dừng"),
    "resume": gettext_lazy("Tiếp tục xử lý"),
    "transfer": gettext_lazy("Chuyển liên thông"),
    "transfer_back": gettext_lazy("Nhận lại hồ sơ từ đơn vị liên thông"),
    "transfer_failed": gettext_lazy("Chuyển liên thông không thành công"),
    "request_payment": gettext_lazy("Yêu cầu thanh toán"),
    "paid": gettext_lazy("Đã thanh toán"),
    "approve": gettext_lazy("Duyệt, có kết quả"),
    "return_result": gettext_lazy("Trả kết quả"),
    "refuse": gettext_lazy("Từ chối"),
    "withdraw": gettext_lazy("Rút hồ sơ"),
    "stop": gettext_lazy("Dừng giải quyết"),
    "extend": gettext_lazy("Gia hạn"),
    "send_to_competent": gettext_lazy("Chuyển đến cơ quan có thẩm quyền giải quyết"),
    "result_from_competent": gettext_lazy("Cơ quan có thẩm quyền đã có kết quả"),
    "refused_by_competent": gettext_lazy("Cơ quan có thẩm quyền từ chối"),
    "stopped_by_competent": gettext_lazy("Cơ quan có thẩm quyền dừng giải quyết"),
    "returned_at_point": gettext_lazy("Đã trả kết quả tại điểm tiếp nhận"),
    "reorganise": gettext_lazy("Chuyển đơn vị giải quyết do sắp xếp đơn vị hành chính"),
    "reject_looked_up_data": gettext_lazy("Từ chối dữ liệu khai thác, yêu cầu bản giấy"),  # data_sources.reject
}
REMOTE = "remote:"


def history_label(action: str) -> str:
    """The words for an event's action; a step reported by another unit reads "Đơn vị liên thông: <its words>"."""
    if action.startswith(REMOTE):
        inner = action.removeprefix(REMOTE)
        return _("Đơn vị liên thông: %(a)s") % {"a": history_label(inner)} if inner else action
    label = HISTORY_LABELS.get(action)
    return str(label) if label is not None else action
