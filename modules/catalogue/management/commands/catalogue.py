"""`egov catalogue import FILE [--dry-run]`, `egov catalogue import --sample`, `egov catalogue list [--json]`,
`egov catalogue export --format json [--output FILE]`."""

import json

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from modules.catalogue.services import CatalogueFileError, export_records, import_file, import_sample, procedures


class Command(BaseCommand):
    help = "The administrative-procedure catalogue: import files of the national database, list procedures."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a .json or .xlsx file exported from the national database.")
        imp.add_argument("file", nargs="?", help="The file (.json or .xlsx).")
        imp.add_argument("--sample", action="store_true", help="The demonstration catalogue shipped with the module.")
        imp.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")
        ls = sub.add_parser("list", help="List the procedures of the catalogue.")
        ls.add_argument("--sector", help="Only this sector (its name).")
        ls.add_argument("--json", action="store_true", help="One JSON array, for scripts.")
        exp = sub.add_parser("export", help="Write what the catalogue stores in the national database's field names.")
        exp.add_argument("--format", choices=["json"], default="json", help="The file format (json).")
        exp.add_argument("--output", help="Write to this file instead of the standard output.")

    def handle(self, *args, **opts):
        if opts["action"] == "import":
            return self._import(opts)
        if opts["action"] == "export":
            return self._export(opts)
        return self._list(opts)

    def _import(self, opts):
        if bool(opts["file"]) == bool(opts["sample"]):
            raise CommandError("Give a FILE or --sample.")
        try:
            report = import_sample(dry_run=opts["dry_run"]) if opts["sample"] else import_file(
                opts["file"], dry_run=opts["dry_run"])
        except CatalogueFileError as exc:
            raise CommandError(str(exc)) from exc
        for issue in report.skipped:
            self.stderr.write(f"SKIPPED {issue}")
        for issue in report.warnings:
            self.stderr.write(f"WARNING {issue}")
        self.stdout.write(report.summary())

    def _export(self, opts):
        text = json.dumps({"data": export_records()}, ensure_ascii=False, indent=1)
        if opts.get("output"):
            with open(opts["output"], "w", encoding="utf-8") as out:
                out.write(text)
            return
        self.stdout.write(text)

    def _list(self, opts):
        rows = [
            {"code": p.code, "name": p.name, "sector": p.sector.name if p.sector else None,
             "version": p.current_version.number if p.current_version else None,
             "online_level": p.current_version.online_level if p.current_version else None}
            for p in procedures(opts.get("sector"))
        ]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        table = Table("code", "name", "sector", "version", "online")
        for r in rows:
            table.add_row(r["code"], r["name"], r["sector"] or "", str(r["version"] or ""), r["online_level"] or "")
        Console(file=self.stdout, width=160).print(table)
        self.stdout.write(f"{len(rows)} procedures")
