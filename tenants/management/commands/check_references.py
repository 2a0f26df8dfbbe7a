"""`egov check-references [--repair] [--json]`: references from units' schemas to shared rows that are gone.

Exit status 1 when any is left (after --repair, only the plain id columns it cannot fix are).
"""

import json

from django.core.management.base import BaseCommand

from tenants.services.references import dangling, repair_unit, unit_references, unit_schemas


class Command(BaseCommand):
    help = "List, per unit, references to shared rows (people, permissions, catalogue versions...) that are gone."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true",
                            help="Delete rows whose required shared row is gone; clear optional references.")
        parser.add_argument("--json", action="store_true", help="One JSON object per unit schema, for scripts.")

    def handle(self, *args, **opts):
        schemas = unit_schemas()
        found = dangling(schemas)
        if opts["repair"] and found:
            for schema in found:
                for reference, rows in repair_unit(schema).items():
                    self.stderr.write(f"{schema}: {reference}: {rows} rows repaired")
            found = dangling(list(found))
        if opts["json"]:
            self.stdout.write(json.dumps({schema: [{"reference": str(d.reference), "count": d.count,
                                                    "missing": d.sample} for d in items]
                                          for schema, items in found.items()}, ensure_ascii=False))
        else:
            for schema, items in found.items():
                for d in items:
                    self.stdout.write(f"{schema}\t{d.reference}\t{d.count}\t{', '.join(d.sample)}")
            self.stdout.write(f"{len(schemas)} schemas, {len(unit_references())} references each: "
                              f"{len(found)} with dangling references.")
        if found:
            raise SystemExit(1)
