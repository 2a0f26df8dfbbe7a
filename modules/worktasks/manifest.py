"""Work assigned and followed up (điều hành): tasks on their own or from a document's directive, with an assignee,
co-workers, a deadline in working days, progress reports and closing; the leader's view of what is late."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest

_VIEW = ("worktasks.view_task", "worktasks.view_taskreport")

MANIFEST = ModuleManifest(
    id="worktasks",
    app="modules.worktasks",
    name_vi="Điều hành công việc",
    name_en="Work tasks",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("documents",),  # a task may come from a document; checked through modules.documents.services only
    roles=(
        RoleSpec("administrator", "Quản trị đơn vị", _VIEW),
        RoleSpec("leader", "Lãnh đạo", (*_VIEW, "worktasks.add_task")),
        RoleSpec("clerk", "Văn thư", _VIEW),
        RoleSpec("specialist", "Chuyên viên xử lý", _VIEW),
    ),
    # Administrative reorganisation: open tasks go to a successor (reorganisation.py).
    hooks={"reorganisation_inventory": "modules.worktasks.reorganisation.inventory",
           "reorganisation_carry": "modules.worktasks.reorganisation.carry"},
    graphql_query="modules.worktasks.api.queries.Query",
    graphql_mutation="modules.worktasks.api.mutations.Mutation",
)
