"""Administrative reorganisation (docs/ict/reorganisation.md): a plan (plan.py), checked as a whole (validation.py),
tried without changing anything (dry_run.py), carried out unit by unit and resumably (carry_out.py), recorded with its
runs (runs.py)."""

from tenants.services.reorganisation.carry_out import Outcome, carry_out
from tenants.services.reorganisation.dry_run import Report, dry_run, render
from tenants.services.reorganisation.plan import (
    DATASET,
    DISTRICT_KINDS,
    Existing,
    Plan,
    PlanFileError,
    load_plan_file,
    plan_from_dataset,
)
from tenants.services.reorganisation.validation import PlanRefused, validate

__all__ = [
    "DATASET", "Existing", "Outcome", "Plan", "PlanFileError", "PlanRefused", "Report", "carry_out", "dry_run",
    "installed_plan", "load_plan_file", "plan_from_dataset", "render", "validate",
]


def installed_plan(province: str | None = None, effective_on=None, decision: str = "") -> Plan:
    """The shipped 2025 mapping for the live units of this installation (districts from its tree and the 2023 list)."""
    from tenants.models import Unit
    from tenants.services.datasets import load_dataset

    live = Unit.objects.filter(ended_on__isnull=True).select_related("kind", "parent")
    existing = {u.code: Existing(u.code, u.name, u.kind.code, u.parent.code if u.parent else "") for u in live}
    tree: dict[str, list[str]] = {}
    for unit in existing.values():
        tree.setdefault(unit.parent_code, []).append(unit.code)
    districts = {u.code for u in existing.values() if u.kind in DISTRICT_KINDS}
    if districts:
        for record in load_dataset("vn-2023"):
            if record.parent_code in districts and record.code not in tree.get(record.parent_code, []):
                tree.setdefault(record.parent_code, []).append(record.code)
    return plan_from_dataset(existing, province, effective_on, decision, tree)

