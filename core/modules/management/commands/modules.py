"""`egov modules list|enable|disable`: the installation's modules and plug-ins, and which units enabled them."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from rich.console import Console
from rich.table import Table

from core.modules import services
from core.modules.errors import ModuleError
from core.modules.models import ModuleEnablement
from core.modules.registry import all_manifests, source_of
from tenants.models import Unit


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"no unit with code {code}")
    return unit


def _settings_value(text: str):
    """key=value from the command line: JSON when it parses (numbers, true, lists), the text otherwise."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class Command(BaseCommand):
    help = "Modules and plug-ins: list them, enable or disable one for units."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="Modules and allowed plug-ins, with how many units enabled each.")
        ls.add_argument("--unit", help="Show whether each is enabled for this unit (code), with its settings.")
        ls.add_argument("--json", action="store_true", help="One JSON array, for scripts.")
        en = sub.add_parser("enable", help="Enable a module for units (its dependencies first).")
        en.add_argument("module")
        en.add_argument("--unit", action="append", required=True, help="Unit code; repeat for several units.")
        en.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="A setting of the module for these units; repeat for several.")
        dis = sub.add_parser("disable", help="Disable a module for units (refused while another module needs it).")
        dis.add_argument("module")
        dis.add_argument("--unit", action="append", required=True, help="Unit code; repeat for several units.")

    def handle(self, *args, **opts):
        return getattr(self, f"_{opts['action']}")(opts)

    def _list(self, opts):
        counts = dict(ModuleEnablement.objects.order_by().values_list("module_id").annotate(n=Count("id")))
        unit = _unit(opts["unit"]) if opts.get("unit") else None
        enabled = services.enabled_modules(unit) if unit else set()
        rows = []
        for m in all_manifests().values():
            row = {"id": m.id, "name": m.name_vi, "name_en": m.name_en, "version": m.version, "source": source_of(m.id),
                   "shared": m.shared, "depends": list(m.depends), "units": counts.get(m.id, 0)}
            if unit:
                row["enabled"] = m.id in enabled
                row["settings"] = services.get_settings(unit, m.id) if m.id in enabled else None
            rows.append(row)
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
            return
        columns = ["id", "name", "version", "source", "depends", "units"] + (["enabled"] if unit else [])
        table = Table(*columns)
        for r in rows:
            cells = [r["id"], r["name"], r["version"], r["source"], ", ".join(r["depends"]), str(r["units"])]
            table.add_row(*cells, *(["yes" if r["enabled"] else "no"] if unit else []))
        Console(file=self.stdout, width=160).print(table)
        self.stdout.write(f"{len(rows)} modules" + (f"; {len(enabled)} enabled for {unit.code}" if unit else ""))

    def _enable(self, opts):
        values = {}
        for item in opts["set"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set {item!r}: expected KEY=VALUE")
            values[key.strip()] = _settings_value(value)

        def enable(unit):
            services.enable(unit, opts["module"], values)
            return "enabled"

        self._each_unit(opts, enable)

    def _disable(self, opts):
        self._each_unit(opts, lambda unit: "disabled" if services.disable(unit, opts["module"]) else "was not enabled")

    def _each_unit(self, opts, change):
        """Each unit on its own: one refusal is reported and the others go on; the exit status tells."""
        failed = 0
        for code in opts["unit"]:
            try:
                outcome = change(_unit(code))
            except (ModuleError, CommandError) as exc:
                failed += 1
                self.stderr.write(f"{code}: {exc}")
            else:
                self.stdout.write(f"{code}: {opts['module']} {outcome}")
        if failed:
            raise CommandError(f"{failed} of {len(opts['unit'])} units refused")
