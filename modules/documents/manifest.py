"""Official documents and operations (quản lý văn bản và điều hành, Decree 30/2020/NĐ-CP), in each unit's schema."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec

_VIEW = ("documents.view_document", "documents.view_documentevent", "documents.view_attachment",
         "documents.view_directive", "documents.view_assignment", "documents.view_series",
         "documents.view_exchangemessage")

_WORKERS = ("clerk", "leader", "specialist")


def _positive(value):
    if value < 1:
        raise ValueError("must be at least 1")


MANIFEST = ModuleManifest(
    id="documents",
    app="modules.documents",
    name_vi="Quản lý văn bản và điều hành",
    name_en="Official documents and operations",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("doctypes",),
    # printing: its fonts and WeasyPrint set-up for the registers as PDF. Where the unit has them on, a document's page
    # shows the verdict of signatures on its files, the tasks given from it and its case file (web/, services/workspace).
    # notices: its carrier e-mails the reminders of incoming deadlines (services/reminders.py).
    uses=("printing", "signatures", "worktasks", "casefiles", "notices"),
    settings=(
        SettingSpec("max_attachment_mb", 50, "Dung lượng tối đa của một tệp đính kèm (MB).", _positive),
        SettingSpec("place", "", "Địa danh ghi trên văn bản đi (ví dụ: Nghệ An)."),
        SettingSpec("reminder_days", 2, "Nhắc hạn văn bản đến trước hạn giải quyết bao nhiêu ngày làm việc.",
                    _positive),
    ),
    roles=(
        # Who may take which step is the rule book's (services/transitions.py); these are the admin's permissions.
        RoleSpec("administrator", "Quản trị đơn vị", (*_VIEW, "documents.add_series", "documents.change_series")),
        RoleSpec("clerk", "Văn thư", _VIEW),
        RoleSpec("leader", "Lãnh đạo", _VIEW),
        RoleSpec("specialist", "Chuyên viên xử lý", _VIEW),
    ),
    graphql_query="modules.documents.api.queries.Query",
    graphql_mutation="modules.documents.api.mutations.Mutation",
    # Daily: reminders of incoming documents due soon or overdue (services/reminders.py, Decree 30 Art. 24).
    # Every 5 minutes: what the document axis holds for the unit (services/arrivals.py; nothing without an axis).
    periodic_tasks={"reminders": {"task": "modules.documents.tasks.remind_deadlines", "schedule": "30 7 * * *"},
                    "axis": {"task": "modules.documents.tasks.fetch_from_axis", "schedule": 300}},
    urls="modules.documents.web.urls",  # the workspace's screens (docs/modules/workspace.md)
    nav=(
        NavEntry("Văn bản chờ xử lý", "/m/documents/", roles=_WORKERS, order=30),
        NavEntry("Sổ văn bản đến", "/m/documents/den/", roles=_WORKERS, order=31),
        NavEntry("Vào sổ văn bản đến", "/m/documents/den/vao-so/", roles=("clerk",), order=32),
        NavEntry("Văn bản đi", "/m/documents/di/", roles=_WORKERS, order=33),
        NavEntry("Soạn văn bản đi", "/m/documents/di/soan/", roles=_WORKERS, order=34),
        NavEntry("Tìm văn bản", "/m/documents/tim-kiem/", roles=_WORKERS, order=35),
    ),
    # Administrative reorganisation: incoming work handed over, nothing issued after the end (reorganisation.py).
    hooks={"reorganisation_inventory": "modules.documents.reorganisation.inventory",
           "reorganisation_carry": "modules.documents.reorganisation.carry"},
)
