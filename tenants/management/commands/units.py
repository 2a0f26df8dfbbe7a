"""`egov units list [--json]`: the units with code, name, kind, parent and status; `egov units backup CODE` and
`egov units restore CODE --from FILE [--as NEWCODE] [--server ALIAS]`: one unit's backup (tenants.services.unit_backup);
`egov units move CODE --to ALIAS`: its schema to another database server (tenants.services.unit_move)."""

import json

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from tenants.models import Unit


class Command(BaseCommand):
    help = "Units of the installation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="List units.")
        ls.add_argument("--json", action="store_true", help="One JSON array, for scripts.")
        ls.add_argument("--status", help="Only units with this status.")
        ls.add_argument("--kind", help="Only units of this kind (code).")
        ls.add_argument("--parent", help="Only units directly under this code.")
        for action, text in (("suspend", "Refuse the unit's requests (its data is kept)."),
                             ("resume", "Serve a suspended unit again."),
                             ("archive", "Keep the unit for the record only: not served, not migrated.")):
            sub.add_parser(action, help=text).add_argument("code")
        backup = sub.add_parser("backup", help="Write one unit (its schema and its shared rows) to a file.")
        backup.add_argument("code")
        backup.add_argument("--to", dest="path", help="The file (default: <code>-<time>.egov-unit.tar.gz).")
        restore = sub.add_parser("restore", help="Restore a unit from its backup file, in one transaction.")
        restore.add_argument("code", help="The code in the file.")
        restore.add_argument("--from", dest="path", required=True)
        restore.add_argument("--as", dest="as_code", help="Restore under this new code.")
        restore.add_argument("--server", help="The database server's alias (default or one of EGOV_UNIT_DATABASES); "
                                              "default: the least loaded, as for a new unit.")
        move = sub.add_parser("move", help="Move the unit's schema to another database server (writes frozen during "
                                           "the copy).")
        move.add_argument("code")
        move.add_argument("--to", dest="to", required=True, help="The server's alias (default or one of "
                                                                  "EGOV_UNIT_DATABASES).")

    def handle(self, *args, **opts):
        if opts["action"] in ("backup", "restore", "move"):
            return getattr(self, f"_{opts['action']}")(opts)
        if opts["action"] != "list":
            return self._change(opts["action"], opts["code"])
        qs = Unit.objects.select_related("kind", "parent").order_by("code")
        if opts.get("status"):
            qs = qs.filter(status=opts["status"])
        if opts.get("kind"):
            qs = qs.filter(kind__code=opts["kind"])
        if opts.get("parent"):
            qs = qs.filter(parent__code=opts["parent"])
        rows = [
            {"code": u.code, "name": u.name, "kind": u.kind.code, "parent": u.parent.code if u.parent else None,
             "status": u.status, "schema": u.schema_name, "failure_reason": u.failure_reason or None}
            for u in qs
        ]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        table = Table("code", "name", "kind", "parent", "status")
        for r in rows:
            table.add_row(r["code"], r["name"], r["kind"], r["parent"] or "", r["status"])
        Console(file=self.stdout, width=140).print(table)
        self.stdout.write(f"{len(rows)} units")

    def _change(self, action: str, code: str) -> None:
        from django.core.exceptions import ValidationError
        from django.core.management.base import CommandError

        from tenants.models import UnitStatus
        from tenants.services.units import change_status

        target = {"suspend": UnitStatus.SUSPENDED, "resume": UnitStatus.READY, "archive": UnitStatus.ARCHIVED}[action]
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"no unit with code {code}")
        try:
            unit = change_status(unit, target)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{unit.code} {unit.name}: {unit.status}")

    def _backup(self, opts) -> None:
        import time

        from django.core.management.base import CommandError
        from django.utils import timezone

        from tenants.services.unit_backup import backup_unit

        unit = Unit.objects.filter(code=opts["code"]).first()
        if unit is None:
            raise CommandError(f"no unit with code {opts['code']}")
        path = opts.get("path") or f"{unit.code}-{timezone.now():%Y%m%d-%H%M%S}.egov-unit.tar.gz"
        started = time.perf_counter()
        manifest = backup_unit(unit, path)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"{unit.code}: {len(manifest['tables'])} tables, {rows} rows -> {path} "
                          f"({time.perf_counter() - started:.2f} s)")

    def _restore(self, opts) -> None:
        from django.core.management.base import CommandError

        from tenants.services.unit_restore import RestoreRefused, read_backup, restore_unit

        try:
            manifest, _ = read_backup(opts["path"])
            if manifest["code"] != opts["code"]:
                raise CommandError(f"{opts['path']} holds unit {manifest['code']}, not {opts['code']}")
            unit = restore_unit(opts["path"], as_code=opts.get("as_code"), server=opts.get("server"))
        except RestoreRefused as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(f"{unit.code} {unit.name}: restored ({unit.schema_name} on {unit.database})")

    def _move(self, opts) -> None:
        from django.core.management.base import CommandError

        from tenants.services.unit_move import MoveRefused, move_unit

        try:
            moved = move_unit(opts["code"], opts["to"])
        except MoveRefused as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(f"{moved.unit.code} {moved.unit.name}: moved from {moved.source} to {moved.unit.database} "
                          f"({moved.tables} tables, {moved.rows} rows)")
        if not moved.old_copy_dropped:
            self.stderr.write(f"the old schema {moved.unit.schema_name} on {moved.source} was kept: drop it once "
                              "checked (DROP SCHEMA ... CASCADE)")

