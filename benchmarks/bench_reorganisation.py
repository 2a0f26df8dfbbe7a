"""Administrative reorganisation: the whole country (vn-2023 -> vn-2025-merges) planned, checked and dry-run.

The old units are recorded as unit rows only (status ready, no schemas: provisioning 11,000 schemas does not fit this
benchmark), so the dry run measures the plan, its validation and the per-old-unit loop with no module enabled. The
2023 communes the mapping does not have (merged in 2024) are left out, as an installation provisioned from the 2024
list would not have them.
"""

import time

from django.db import transaction

from tenants.models import Unit, UnitKind, UnitStatus
from tenants.naming import schema_name_for
from tenants.services.datasets import load_dataset
from tenants.services.reorganisation import Existing, dry_run, installed_plan
from tenants.services.reorganisation.plan import DISTRICT_KINDS, mapping_rows, plan_from_dataset
from tenants.services.units_over_time import today


class _Rollback(Exception):
    pass


def run() -> list[tuple[str, str]]:
    figures = []
    old = load_dataset("vn-2023")
    mapped = {r["old_code"] for r in mapping_rows()}
    kept = [r for r in old if r.code in mapped or r.kind in DISTRICT_KINDS or not r.parent_code]
    started = time.perf_counter()
    existing = {r.code: Existing(r.code, r.name, r.kind, r.parent_code) for r in old}
    tree: dict[str, list[str]] = {}
    for r in old:
        tree.setdefault(r.parent_code, []).append(r.code)
    plan = plan_from_dataset(existing, old_tree=tree)
    figures.append(("whole country planned in memory (vn-2023 -> vn-2025-merges)",
                    f"{time.perf_counter() - started:.2f} s ({len(plan.units)} new units, {len(plan.old_codes())} old)"))
    try:
        with transaction.atomic():
            kinds = {k.code: k for k in UnitKind.objects.all()}
            rows = [Unit(code=r.code, name=r.name, kind=kinds[r.kind], schema_name=schema_name_for(r.code),
                         status=UnitStatus.READY) for r in kept]
            Unit.objects.bulk_create(rows, batch_size=2000)
            by_code = {u.code: u.pk for u in Unit.objects.all()}
            parents = [(by_code[r.code], by_code[r.parent_code]) for r in kept if r.parent_code in by_code]
            for start in range(0, len(parents), 2000):
                Unit.objects.bulk_update([Unit(pk=pk, parent_id=parent) for pk, parent in parents[start:start + 2000]],
                                         ["parent"])
            started = time.perf_counter()
            plan = installed_plan(effective_on=today())
            report = dry_run(plan, today())
            elapsed = time.perf_counter() - started
            # A plan with problems is refused before the per-old-unit loop: say so rather than call it a dry run.
            what = "dry-run" if not report.problems else f"refused ({len(report.problems)} problems: " + \
                "; ".join(p[:80] for p in report.problems[:3]) + ")"
            figures.append((f"whole country planned and checked on {len(kept)} recorded units",
                            f"{elapsed:.1f} s, {what}, {len(report.units)} new units reported"))
            raise _Rollback
    except _Rollback:
        pass
    return figures
