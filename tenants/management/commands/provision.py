"""`egov provision`: record and provision units from a shipped dataset, a file, or one unit given on the line."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tenants.models import Unit
from tenants.services.datasets import UnitsFileError, load_dataset, load_file
from tenants.services.provisioning import Method, provision_many
from tenants.services.spares import make_spares
from tenants.services.template import ensure_template
from tenants.services.units import InvalidUnits, UnitRecord, record_units


class Command(BaseCommand):
    help = "Provision units: --dataset vn-2023|vn-2025 [--province CODE], --file units.csv|json|yaml, or --code ..."

    def add_arguments(self, parser):
        src = parser.add_mutually_exclusive_group(required=True)
        src.add_argument("--dataset", help="A dataset shipped with the project: vn-2023 (3 levels) or vn-2025 (2 levels).")
        src.add_argument("--file", help="A list of units (code, name, kind, parent_code) as .csv, .json or .yaml.")
        src.add_argument("--code", help="One unit's code (with --name, --kind, --parent).")
        parser.add_argument("--province", help="With --dataset: only this province and the units under it.")
        parser.add_argument("--name")
        parser.add_argument("--kind")
        parser.add_argument("--parent", default="")
        parser.add_argument("--method", choices=[m.value for m in Method], default=Method.CLONE.value)
        parser.add_argument("--parallel", type=int, default=1, metavar="N",
                            help="Worker processes provisioning units side by side (default 1).")
        parser.add_argument("--server", help="The database server for the new units' schemas (default: the least "
                                             "loaded one; see egov servers list).")

    def handle(self, *args, **opts):
        if opts["parallel"] < 1:
            raise CommandError("--parallel must be 1 or more")
        try:
            if opts["dataset"]:
                records = load_dataset(opts["dataset"], opts["province"])
            elif opts["file"]:
                records = load_file(opts["file"])
            else:
                if not (opts["name"] and opts["kind"]):
                    raise CommandError("--code needs --name and --kind")
                records = [UnitRecord(opts["code"], opts["name"], opts["kind"], opts["parent"])]
            created, existing = record_units(records)
        except UnitsFileError as exc:
            raise CommandError(str(exc)) from exc
        except InvalidUnits as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{len(exc.messages)} errors; nothing was recorded.") from exc
        self.stdout.write(f"{len(records)} units in the list: {len(created)} new, {len(existing)} already recorded.")
        if opts["method"] == Method.CLONE:
            ensure_template()
        units = list(Unit.objects.filter(code__in=[r.code for r in records]).select_related("kind").order_by("code"))
        units.sort(key=lambda u: (u.kind.level, u.code))
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, disable=opts["verbosity"] == 0) as progress:
            bar = progress.add_task("Provisioning", total=len(units))
            report = provision_many(units, opts["method"], server=opts.get("server"), parallel=opts["parallel"],
                                    on_progress=lambda unit: progress.advance(bar))
        methods = ", ".join(f"{n} by {m}" for m, n in sorted(report.methods.items())) or "none"
        self.stdout.write(f"Provisioned {len(report.provisioned)} ({methods}); already ready {len(report.already_ready)}; "
                          f"failed {len(report.failed)}.")
        make_spares()  # units created later from the admin or the API take a spare
        for code, reason in sorted(report.failed.items()):
            self.stderr.write(f"FAILED {code}: {reason}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} units failed; fix the cause and run the same command again.")
