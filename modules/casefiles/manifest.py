"""Case files and the unit's current archive (hồ sơ công việc, lưu trữ cơ quan): the file plan, files of documents,
closing, transfer to the archive (Law on Archives 33/2024/QH15, Decree 113/2025/NĐ-CP). In each unit's schema."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest, NavEntry, SettingSpec

_VIEW = ("casefiles.view_fileplanentry", "casefiles.view_casefile", "casefiles.view_casefiledocument",
         "casefiles.view_transfer", "casefiles.view_transfernotice", "casefiles.view_casefileevent")
_WORK = ("casefiles.change_casefile",)  # open a file, put documents in it, close it
_ARCHIVE = ("casefiles.add_fileplanentry", "casefiles.transfer_casefile")


def _days(value):
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 180:
        raise ValueError("a whole number of days from 1 to 180")


MANIFEST = ModuleManifest(
    id="casefiles",
    app="modules.casefiles",
    name_vi="Hồ sơ công việc và lưu trữ cơ quan",
    name_en="Case files and the current archive",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("documents",),  # documents are read and marked filed through modules.documents.services only
    uses=("notices", "printing"),  # the notices' carrier for e-mail reminders; the printing module's PDF set-up
    settings=(
        SettingSpec("notice_days", 30, "Số ngày báo trước hạn giao nộp hồ sơ vào lưu trữ cơ quan.", _days),
    ),
    roles=(
        RoleSpec("administrator", "Quản trị đơn vị", (*_VIEW, *_WORK, *_ARCHIVE)),
        RoleSpec("archivist", "Lưu trữ viên", (*_VIEW, *_WORK, *_ARCHIVE)),
        RoleSpec("clerk", "Văn thư", (*_VIEW, *_WORK, *_ARCHIVE)),
        RoleSpec("leader", "Lãnh đạo", (*_VIEW, *_WORK)),
        RoleSpec("specialist", "Chuyên viên xử lý", (*_VIEW, *_WORK)),
    ),
    # Administrative reorganisation: unfinished files handed over, finished ones kept, each with its list.
    hooks={"reorganisation_inventory": "modules.casefiles.reorganisation.inventory",
           "reorganisation_carry": "modules.casefiles.reorganisation.carry"},
    graphql_query="modules.casefiles.api.queries.Query",
    graphql_mutation="modules.casefiles.api.mutations.Mutation",
    # The archivist's screens (web/) and the transfer list as PDF or Excel: /m/casefiles/transfers/<id>.pdf
    urls="modules.casefiles.urls",
    nav=(
        NavEntry("Hồ sơ công việc", "/m/casefiles/", roles=("archivist", "clerk", "leader", "specialist"), order=40),
        NavEntry("Danh mục hồ sơ", "/m/casefiles/danh-muc/", roles=("archivist", "clerk"), order=41),
        NavEntry("Nộp lưu vào lưu trữ cơ quan", "/m/casefiles/nop-luu/", roles=("archivist", "clerk"), order=42),
    ),
    # Daily: the notices of files whose transfer deadline is `notice_days` away (services/deadlines.py).
    periodic_tasks={"deadlines": {"task": "modules.casefiles.tasks.notify_deadlines", "schedule": "0 7 * * *"}},
)
