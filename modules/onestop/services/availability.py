"""The actions a person may take on a dossier now: the rule book read for their roles (what a UI offers)."""

from collections.abc import Iterable

from modules.onestop.services.handback import step_holder_roles
from modules.onestop.services.transitions import SYSTEM, TRANSITIONS

# What people do; the others are the system's (online intake, messages between units).
HUMAN_ACTIONS = tuple(action for action, t in TRANSITIONS.items() if t.roles - {SYSTEM})


def available_actions(dossier, roles: set[str], steps: Iterable) -> list[str]:
    """Actions of the rule book open to `roles` in the dossier's status, in rule-book order, leaving out what the
    service would refuse anyway: forwarding from the last step or from a step of another role (leaders excepted),
    a second supplement request, a second extension. `steps`: the dossier's steps (prefetched)."""
    steps = list(steps)
    by_index = {step.index: step for step in steps}
    current_role = dossier.current_step_role
    roles = roles | step_holder_roles(dossier, roles, steps)
    found = []
    for action in HUMAN_ACTIONS:
        transition = TRANSITIONS[action]
        if dossier.status not in transition.sources or not roles & transition.roles:
            continue
        if action == "forward" and (dossier.step_index + 1 not in by_index or (
                current_role and current_role not in roles and "leader" not in roles)):
            continue
        if action == "request_supplement" and dossier.supplement_requested:
            continue
        if action == "extend" and (dossier.deadline or {}).get("extension"):
            continue
        found.append(action)
    return found
