"""Each unit's choice of procedures from the shared catalogue and its process for each (in the unit's schema)."""

from core.accounts.roles import RoleSpec
from core.modules.manifest import ModuleManifest

MANIFEST = ModuleManifest(
    id="procedures",
    app="modules.procedures",
    name_vi="Quy trình giải quyết thủ tục của đơn vị",
    name_en="Unit procedure processes",
    version="0.1.0",
    core_compat=">=0.1,<1",
    depends=("catalogue",),
    shared=False,
    # The unit's administrators configure its processes in the unit admin.
    roles=(RoleSpec("administrator", "Quản trị đơn vị", ("procedures.*",)),),
    # Administrative reorganisation: successors handle what the ended unit handled (reorganisation.py).
    hooks={"reorganisation_inventory": "modules.procedures.reorganisation.inventory",
           "reorganisation_carry": "modules.procedures.reorganisation.carry"},
)
