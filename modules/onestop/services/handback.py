"""A process whose last step hands the dossier over to another unit (liên thông), not a leader's step.

When that unit sends the dossier back with its result, the result was decided and signed there: what is left here is
to record it as ready for return. The rule book lets the person whose step it is do that (`approve`, as the step
holder), since the dossier sits in their queue ("waiting for me" reads the step's role) and there is no next step to
forward it to; a leader may still approve it as any dossier. A refusal by that unit comes back the same way and is
refused here by the rule book's usual roles.
"""

from collections.abc import Iterable

from modules.onestop.models import Dossier, Status
from modules.onestop.services.transitions import STEP_HOLDER


def step_holder_roles(dossier: Dossier, roles: set[str], steps: Iterable) -> set[str]:
    """{STEP_HOLDER} when `roles` hold the current step's role, that step is the process's last and a hand-over, and
    the unit it was handed to sent the dossier back with its result; else the empty set. `steps`: the dossier's."""
    role = dossier.current_step_role
    if dossier.status != Status.IN_PROCESS or dossier.remote_status != Status.RESULT_READY or not role \
            or role not in roles:
        return set()
    by_index = {step.index: step for step in steps}
    step = by_index.get(dossier.step_index)
    last = step is not None and dossier.step_index + 1 not in by_index
    if last and (step.handover_unit_code or step.handover_unit_kind):
        return {STEP_HOLDER}
    return set()
