"""Notices about dossiers, for citizens (SMS, e-mail) and staff (e-mail). Plain data: read before Django is set up.

The notify plug-in is needed too, but it is not in `depends`: a first-party module is always loaded, and a
dependency on a plug-in the operator has not allowed would stop the whole installation from starting. Enabling
notices checks that the unit enabled notify (install.installed), and notify cannot be disabled while notices is on
(receivers.on_module_disabled).
"""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, SettingSpec

SMS_CHANNELS = ("sms", "console")


def _sms_channel(value: str) -> None:
    if value not in SMS_CHANNELS:
        raise ValueError(f"one of {', '.join(SMS_CHANNELS)}")


_VIEW = ("notices.view_noticelog", "notices.view_noticetemplate")

MANIFEST = ModuleManifest(
    id="notices",
    app="modules.notices",
    name_vi="Thông báo hồ sơ cho công dân và cán bộ",
    name_en="Dossier notices",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("onestop",),
    # notify: the carrier (registered by the plug-in); tracking: the look-up address (and the unit's own, its setting)
    uses=("notify", "tracking"),
    settings=(
        SettingSpec("sms_channel", "sms", "Kênh gửi tin nhắn cho công dân: sms (cổng SMS) hoặc console (thử nghiệm).",
                    _sms_channel),
    ),
    roles=(
        RoleSpec("administrator", "Quản trị đơn vị", ("notices.*",)),
        *(RoleSpec(code, code, _VIEW) for code in ("receiving_officer", "specialist", "leader", "result_officer")),
    ),
    graphql_query="modules.notices.schema.Query",
    graphql_mutation="modules.notices.schema.Mutation",
    on_installed="modules.notices.install.installed",
    # The notices whose task was lost after their commit (services.dispatch).
    # The contact confirmations of online submissions not confirmed in time (services/confirmation.py).
    periodic_tasks={"sweep": {"task": "modules.notices.tasks.sweep_outbox", "schedule": 300},
                    "expire": {"task": "modules.notices.tasks.expire_contact_confirmations", "schedule": 300}},
    hooks={
        "onestop.dossier_received": "modules.notices.receivers.on_dossier_received",
        "onestop.dossier_changed": "modules.notices.receivers.on_dossier_changed",
        "module_disabled": "modules.notices.receivers.on_module_disabled",
    },
)
