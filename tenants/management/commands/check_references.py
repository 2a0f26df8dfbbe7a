"""`egov check-references [--repair] [--json]`: references from units' schemas to shared rows that are gone, and
foreign keys from units' schemas into public that are still there (a unit archived before they were removed).

Exit status 1 when any is left (after --repair, only the plain id columns it cannot fix are).
"""

import json

from django.core.management.base import BaseCommand

from tenants.services.references import (
    dangling,
    drop_foreign_keys_into_public,
    foreign_keys_into_public,
    repair_unit,
    unit_references,
    unit_schemas,
)


class Command(BaseCommand):
    help = ("List, per unit, references to shared rows (people, permissions, catalogue versions...) that are gone, "
            "and foreign keys into the public schema.")

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Drop foreign keys into public; delete rows whose "
                                                                  "required shared row is gone; clear optional ones.")
        parser.add_argument("--json", action="store_true", help="One JSON object per unit schema, for scripts.")

    def handle(self, *args, **opts):
        schemas = unit_schemas()
        found, keys = self._find(schemas)
        if opts["repair"] and (found or keys):
            for schema in keys:
                for name in drop_foreign_keys_into_public(schema):
                    self.stderr.write(f"{schema}: foreign key {name} dropped")
            for schema in found:
                for reference, rows in repair_unit(schema).items():
                    self.stderr.write(f"{schema}: {reference}: {rows} rows repaired")
            found, keys = self._find(sorted(set(found) | set(keys)))
        report = {schema: [{"kind": "foreign_key", "reference": f"{table}.{name} -> public.{target}", "count": 1,
                            "missing": []} for table, name, target in keys.get(schema, [])]
                  + [{"kind": "dangling", "reference": str(d.reference), "count": d.count, "missing": d.sample}
                     for d in found.get(schema, [])]
                  for schema in sorted(set(found) | set(keys))}
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            for schema, items in report.items():
                for item in items:
                    self.stdout.write(f"{schema}\t{item['kind']}\t{item['reference']}\t{item['count']}\t"
                                      f"{', '.join(item['missing'])}")
            self.stdout.write(f"{len(schemas)} schemas, {len(unit_references())} references each: "
                              f"{len(report)} with dangling references or foreign keys into public.")
        if report:
            raise SystemExit(1)

    @staticmethod
    def _find(schemas):
        return dangling(schemas), foreign_keys_into_public(schemas)
