"""Provisioning many units with several processes: `egov provision --parallel N`.

Each worker process provisions one unit at a time through provision_unit, on its own connections, one transaction
per unit as ever: a unit's failure is recorded on it and the others go on; a run stopped half-way is resumed by the
same command (units not ready are done again). Clones run side by side under the template lock taken shared, a
spare is claimed by one process (tenants.services.template, spares). On PostgreSQL 16 and earlier most of a clone is
waiting for the disk (each index build fsyncs its file): processes side by side overlap those waits.
"""

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.db import connections

from tenants.models import Unit


def _provision_one(pk: int, method: str, server: str | None) -> tuple[int, str | None, str | None]:
    """In a worker process: (unit pk, the method used or None when it was already ready, the error or None)."""
    from tenants.services.provisioning import provision_unit

    try:
        used = provision_unit(Unit.objects.get(pk=pk), method, server)
    except Exception as exc:  # noqa: BLE001 - provision_unit marked the unit failed; reported to the parent
        return pk, None, f"{type(exc).__name__}: {exc}"
    return pk, used.value if used else None, None


def provision_in_processes(units: list[Unit], method: str, server: str | None, processes: int,
                           on_done: Callable[[Unit, str | None, str | None], None]) -> None:
    """Provision `units` (not ready) with `processes` worker processes, in the order given as far as the processes
    allow; `on_done(unit, method used or None, error or None)` in this process as each one ends."""
    by_pk = {unit.pk: unit for unit in units}
    connections.close_all()  # children open their own connections, never share the parent's socket
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(_provision_one, unit.pk, method, server) for unit in units]
        for future in as_completed(futures):
            pk, used, error = future.result()
            on_done(by_pk[pk], used, error)
