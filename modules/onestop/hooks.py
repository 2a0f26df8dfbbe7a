"""The hooks the one-stop module sends; notification, payment and statistics modules receive them."""

from core.modules.hooks import Hook

dossier_received = Hook(
    "onestop.dossier_received", "Một hồ sơ vừa được tiếp nhận (tại quầy, trực tuyến, bưu chính hoặc liên thông đến).",
    dossier_code="mã hồ sơ", channel="counter, online, post hoặc transfer",
)
dossier_changed = Hook(
    "onestop.dossier_changed", "Hồ sơ vừa qua một thao tác (chuyển bước, yêu cầu bổ sung, liên thông, có kết quả...).",
    dossier_code="mã hồ sơ", action="thao tác (modules/onestop/services/transitions.py)",
    from_status="trạng thái trước", to_status="trạng thái sau",
)
dossier_moved = Hook(
    "onestop.dossier_moved", "Các hồ sơ đang giải quyết vừa chuyển sang đơn vị kế thừa khi sắp xếp đơn vị hành chính "
    "(gửi tới đơn vị cũ; mô-đun chuyển theo dữ liệu của mình cho các hồ sơ đó, trong cùng giao dịch).",
    dossier_codes="danh sách mã hồ sơ", to_unit_code="mã đơn vị kế thừa",
)
