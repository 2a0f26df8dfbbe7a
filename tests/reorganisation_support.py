"""A small province for the reorganisation suites, and a stand-in module that keeps records with addresses.

    province 95 -> district 951 -> communes 95001 (Xã An Hòa), 95002 (Xã Bình Minh), 95003 (Xã Cát Tiên), 95004 (Xã Dũng Tiến)

The plan (PLAN): 95001 continues as "Xã An Bình" under the province, taking 95002 whole and 60% of 95003; a new
95010 "Xã Cát Dũng" takes the other 40% of 95003 and 95004 whole; the district ends, split between the two.
"""

import importlib
import json
import textwrap
from contextlib import contextmanager
from unittest import mock

from django.db import DatabaseError, connection

from core.modules import registry
from tenants.messaging.handlers import message_handler
from tenants.services.unit_context import platform_connection

PROVINCE, DISTRICT = "95", "951"
NOTE = "reorgtest.note"  # a message kind between the test units


@message_handler(NOTE)
def _note(message):
    return {"ok": True}

COMMUNES = {"95001": "Xã An Hòa", "95002": "Xã Bình Minh", "95003": "Xã Cát Tiên", "95004": "Xã Dũng Tiến"}


def plan_data(effective: str, decision: str = "Nghị quyết 1/2026/NQ-UBTVQH") -> dict:
    return {"effective_on": effective, "decision": decision, "units": [
        {"code": "95001", "name": "Xã An Bình", "kind": "commune", "parent_code": PROVINCE, "old_units": [
            {"code": "95001", "succession": "full"}, {"code": "95002", "succession": "full"},
            {"code": "95003", "succession": "partial", "share": "0.6"},
            {"code": DISTRICT, "succession": "partial", "share": "0.5"}]},
        {"code": "95010", "name": "Xã Cát Dũng", "kind": "commune", "parent_code": PROVINCE, "old_units": [
            {"code": "95003", "succession": "partial", "share": "0.4"}, {"code": "95004", "succession": "full"},
            {"code": DISTRICT, "succession": "partial", "share": "0.5"}]},
    ]}


def write_plan(path, data: dict):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def make_province(make_unit) -> dict:
    units = {PROVINCE: make_unit(PROVINCE, "Tỉnh Thử Sắp Xếp", kind="province")}
    units[DISTRICT] = make_unit(DISTRICT, "Huyện Thử", kind="district", parent=PROVINCE)
    for code, name in COMMUNES.items():
        units[code] = make_unit(code, name, kind="commune", parent=DISTRICT)
    return units


RECORDS = """CREATE TABLE IF NOT EXISTS reorg_probe_records (code text PRIMARY KEY, address text NOT NULL)"""

_RECEIVER = '''
"""A stand-in module's answer to the reorganisation hooks: records with an address, routed by it."""

from django.db import connection

from core.modules.reorganisation import CarryLine, route_by_address
from tenants.services import entered

FAIL_ON = set()


def _records():
    with connection.cursor() as cur:
        cur.execute("SELECT code, address FROM reorg_probe_records ORDER BY code")
        return cur.fetchall()


def _routed(successors):
    routed, waiting = {}, []
    for code, address in _records():
        target = route_by_address(address, successors)
        if target is None:
            waiting.append(code)
        else:
            routed.setdefault(target.unit.code, []).append((code, address))
    return routed, waiting


def inventory(unit, successors, effective):
    routed, waiting = _routed(successors)
    lines = [CarryLine("Bản ghi thử", len(rows), code) for code, rows in sorted(routed.items())]
    return lines + ([CarryLine("Bản ghi thử", 0, None, len(waiting), waiting)] if waiting else [])


def carry(unit, successors, effective):
    if unit.code in FAIL_ON:
        raise RuntimeError("stand-in refuses " + unit.code)
    routed, waiting = _routed(successors)
    by_code = {s.unit.code: s.unit for s in successors}
    for code, rows in routed.items():
        with entered(by_code[code]), connection.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS reorg_probe_records (code text PRIMARY KEY, address text NOT NULL)")
            for row in rows:
                cur.execute("INSERT INTO reorg_probe_records VALUES (%s, %s)", row)
        with connection.cursor() as cur:
            cur.execute("DELETE FROM reorg_probe_records WHERE code = ANY(%s)", [[r[0] for r in rows]])
    lines = [CarryLine("Bản ghi thử", len(rows), code) for code, rows in sorted(routed.items())]
    return lines + ([CarryLine("Bản ghi thử", 0, None, len(waiting), waiting)] if waiting else [])
'''


def install_probe(install_plugin):
    """The stand-in module "reorgprobe" (a real plug-in on sys.path) answering both hooks; returns its receivers."""
    import importlib
    import pathlib

    receivers = install_plugin("reorgprobe", hooks={
        "reorganisation_inventory": "egov_test_reorgprobe.reorg.inventory",
        "reorganisation_carry": "egov_test_reorgprobe.reorg.carry"})
    (pathlib.Path(receivers.__file__).parent / "reorg.py").write_text(textwrap.dedent(_RECEIVER))
    importlib.invalidate_caches()
    return importlib.import_module("egov_test_reorgprobe.reorg")


def add_records(unit, rows):
    from tenants.services import entered

    with entered(unit), connection.cursor() as cur:
        cur.execute(RECORDS)
        for row in rows:
            cur.execute("INSERT INTO reorg_probe_records VALUES (%s, %s)", row)


def records(unit) -> list[str]:
    from tenants.services import entered

    with entered(unit), connection.cursor() as cur:
        cur.execute("SELECT to_regclass('reorg_probe_records') IS NOT NULL")
        if not cur.fetchone()[0]:
            return []
        cur.execute("SELECT code FROM reorg_probe_records ORDER BY code")
        return [r[0] for r in cur.fetchall()]


@contextmanager
def platform_commit_failing_after(module: str, function: str):
    """The platform's commit fails once: the one right after `function` of `module` (its last write before the
    commit) has run - the window docs/ict/scale-out.md tells of, where other servers may have committed already."""
    where = importlib.import_module(module)
    platform, armed = platform_connection(), []
    commit, call = platform.commit, getattr(where, function)

    def commit_or_fail():
        if armed:
            armed.clear()
            raise DatabaseError("the platform's server went away at commit")
        return commit()

    def call_then_arm(*args, **kwargs):
        result = call(*args, **kwargs)
        armed.append(True)
        return result

    with mock.patch.object(platform, "commit", side_effect=commit_or_fail), \
            mock.patch.object(where, function, call_then_arm):
        yield


def platform_commit_failing_after_the_step():
    """The platform's commit failing right after a reorganisation step is marked done (its last write)."""
    return platform_commit_failing_after("tenants.services.reorganisation.carry_out", "_done")


@contextmanager
def receiver_added_last(hook, module: str, receiver):
    """`receiver` answers `hook` after every module's own receiver, as module `module`'s: a later module, typically
    one that fails once the others have written (what a reorganisation step or a move must then roll back)."""
    receivers = registry.receivers_of
    with mock.patch.object(registry, "receivers_of", lambda name: receivers(name) + (
            ((module, receiver),) if name == hook.name else ())):
        yield
