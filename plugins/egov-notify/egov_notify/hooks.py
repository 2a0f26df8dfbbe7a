"""The hooks this plug-in sends; other modules and plug-ins may receive them (see their manifest's `hooks`)."""

from core.modules.hooks import Hook

message_failed = Hook(
    "notify.message_failed", "Một thông báo không gửi được và sẽ không gửi lại nữa.",
    message_id="id của thông báo (trong schema của đơn vị)", channel="kênh: email, sms, console",
    recipient="người nhận", error="lỗi cuối cùng",
)
