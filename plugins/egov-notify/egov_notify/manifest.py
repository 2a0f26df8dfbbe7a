"""The notify plug-in's manifest: read by the core before Django is set up, so plain data only."""

import re

from core.modules.manifest import ModuleManifest, SettingSpec

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email_or_empty(value: str) -> None:
    if value and not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")


def _sms_sender(value: str) -> None:
    # Telecom brand names (tên định danh) are at most 11 characters.
    if len(value) > 11:
        raise ValueError("at most 11 characters")


def _attempts(value: int) -> None:
    if not 1 <= value <= 20:
        raise ValueError("between 1 and 20")


MANIFEST = ModuleManifest(
    id="notify",
    app="egov_notify",
    name_vi="Thông báo",
    name_en="Notifications",
    version="0.1.0",
    core_compat=">=0.1,<1",
    uses=("notices",),  # registers itself as the carrier of dossier notices (apps.py)
    settings=(
        SettingSpec("email_from", "", "Địa chỉ gửi thư của đơn vị; trống: địa chỉ mặc định của hệ thống.",
                    _email_or_empty),
        SettingSpec("sms_sender", "", "Tên định danh (brandname) gửi SMS của đơn vị; trống: của hệ thống.", _sms_sender),
        SettingSpec("max_attempts", 5, "Số lần gửi tối đa trước khi đánh dấu lỗi.", _attempts),
    ),
    urls="egov_notify.urls",
    periodic_tasks={"requeue": {"task": "egov_notify.tasks.requeue_stale", "schedule": 600}},
)
