"""`egov statistics refresh [--unit CODE] [--day YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD]`.

Recomputes units' daily facts now, in this process (the nightly task does the same through Celery). Without --unit:
every ready unit that enabled the module. Without a day: each unit's recent days (its setting `days_back`).
Recomputing a day replaces that unit's rows of the day, so running it again is harmless.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from core.modules.services import is_enabled, units_with_module
from modules.statistics.services.facts import FactsError, days_between
from modules.statistics.tasks import refresh_facts
from tenants.models import Unit, UnitStatus

MODULE = "statistics"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r}: expected a date YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Statistics: recompute units' daily facts (the province roll-up reads them)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Recompute daily facts now (idempotent).")
        refresh.add_argument("--unit", action="append", default=[], help="Unit code; repeat for several. "
                                                                         "Default: every unit that enabled the module.")
        refresh.add_argument("--day", type=_date, help="One day (YYYY-MM-DD). Default: each unit's recent days.")
        refresh.add_argument("--from", dest="first", type=_date, help="First day of a range (with --to).")
        refresh.add_argument("--to", dest="last", type=_date, help="Last day of a range (with --from).")

    def handle(self, *args, **opts):
        return getattr(self, f"_{opts['action']}")(opts)

    def _days(self, opts) -> list[str] | None:
        if opts["day"] and (opts["first"] or opts["last"]):
            raise CommandError("give --day or --from/--to, not both")
        if bool(opts["first"]) != bool(opts["last"]):
            raise CommandError("--from and --to go together")
        if opts["day"]:
            return [opts["day"].isoformat()]
        if opts["first"]:
            try:
                return [d.isoformat() for d in days_between(opts["first"], opts["last"])]
            except FactsError as exc:
                raise CommandError(str(exc)) from exc
        return None

    def _units(self, codes: list[str]) -> list[Unit]:
        if not codes:
            return list(Unit.objects.filter(status=UnitStatus.READY, pk__in=units_with_module(MODULE)).order_by("code"))
        units = []
        for code in codes:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"no unit with code {code}")
            if unit.status != UnitStatus.READY:
                raise CommandError(f"unit {code} is not ready ({unit.status})")
            if not is_enabled(unit, MODULE):
                raise CommandError(f"unit {code} has not enabled the statistics module")
            units.append(unit)
        return units

    def _refresh(self, opts):
        days = self._days(opts)
        units = self._units(opts["unit"])
        total = 0
        for unit in units:
            try:
                rows = refresh_facts(unit.schema_name, days)
            except FactsError as exc:
                raise CommandError(f"{unit.code}: {exc}") from exc
            total += rows or 0
            self.stdout.write(f"{unit.code}: {rows or 0} rows")
        self.stdout.write(f"{len(units)} units refreshed, {total} rows")
