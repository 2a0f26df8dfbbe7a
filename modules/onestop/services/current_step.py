"""Where a dossier is in its process: the index of its current step and that step's role, kept together on the dossier.

The role is a column of the dossier (not only of its step rows) so that the work queue "waiting for me" and the filter
by a step's role read the dossier's own indexed columns instead of looking up a step row for every dossier of the unit.
`at_step` is the one place that moves a dossier to a step: intake and a transfer's arrival (arrivals.py) and the
actions' effects (effects.py) call it; the reorganisation carry copies both columns with the rest of the dossier.
"""

from modules.onestop.models import Dossier


def at_step(dossier: Dossier, index: int, step) -> None:
    """Put the (unsaved) dossier at step `index`; `step`: that step (a DossierStep or a plan's step, anything with a
    `role_code`), None when the process has no step there (a receiving point's copy has none)."""
    dossier.step_index = index
    dossier.current_step_role = step.role_code if step is not None else ""
