"""`egov audit verify [--unit CODE]`: check each unit's audit chain and name the first broken entry (exit status 1
when one is broken). `egov audit export --unit CODE [--output FILE]`: the unit's log as JSON lines, ending with the
chain's head."""

from django.core.management.base import BaseCommand, CommandError

from core.audit import services as audit
from tenants.models import Unit
from tenants.services import UnknownUnit, entered, in_unit
from tenants.services.across_schemas import on_each_server, schemas_with_table

TABLE = "audit_auditentry"


class Command(BaseCommand):
    help = "The units' tamper-evident audit logs: verify the chains, export a unit's log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="Verify the hash chain of every unit (or one).")
        check.add_argument("--unit", help="Only the unit with this code.")
        out = sub.add_parser("export", help="Write a unit's log as JSON lines.")
        out.add_argument("--unit", required=True, help="The unit's code.")
        out.add_argument("--output", help="A file to write (default: standard output).")

    def handle(self, *args, **opts):
        if opts["action"] == "export":
            return self._export(opts)
        return self._verify(opts)

    def _units(self, code: str | None) -> list[Unit]:
        units = Unit.objects.order_by("code")
        if code:
            units = units.filter(code=code)
            if not units.exists():
                raise CommandError(f"No unit has the code {code}.")
        units = list(units)
        with_log = set(on_each_server([u.schema_name for u in units], lambda names: schemas_with_table(names, TABLE)))
        return [u for u in units if u.schema_name in with_log]

    def _verify(self, opts):
        broken = 0
        for unit in self._units(opts.get("unit")):
            with entered(unit):
                result = audit.verify()
            if result.ok:
                self.stdout.write(f"{unit.code} OK: {result.entries} entries, head {result.head}")
            else:
                broken += 1
                self.stdout.write(f"{unit.code} BROKEN at entry #{result.broken_seq}: {result.reason}")
        if broken:
            raise CommandError(f"{broken} unit(s) with a broken audit chain.", returncode=1)

    def _export(self, opts):
        try:
            with in_unit(opts["unit"]):
                lines = list(audit.export())
        except UnknownUnit as exc:
            raise CommandError(f"No unit has the code {opts['unit']}.") from exc
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as f:
                f.writelines(line + "\n" for line in lines)
            self.stdout.write(f"{len(lines) - 1} entries written to {opts['output']}")
        else:
            self.stdout.writelines(lines)
