"""`egov citus-check [--units CODE ...] [--json]`: what would block moving the installation onto Citus schema-based
sharding (tenants.services.citus_check). Exit status 1 when anything blocks; warnings are printed only."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from tenants.models import Unit
from tenants.services.citus_check import findings


class Command(BaseCommand):
    help = "List the database objects that would block Citus schema-based sharding (each unit schema distributed)."

    def add_arguments(self, parser):
        parser.add_argument("--units", nargs="*", default=[], metavar="CODE",
                            help="Also read these units' schemas (the template stands for every unit by default).")
        parser.add_argument("--json", action="store_true", help="One JSON array, for scripts.")

    def handle(self, *args, **opts):
        from django.conf import settings

        schemas = [settings.EGOV_TEMPLATE_SCHEMA,
                   *Unit.objects.filter(code__in=opts["units"]).values_list("schema_name", flat=True)]
        found = findings(schemas)
        if opts["json"]:
            self.stdout.write(json.dumps([asdict(f) for f in found], ensure_ascii=False))
        else:
            for finding in found:
                self.stdout.write(str(finding))
            blocking = sum(f.severity == "blocking" for f in found)
            self.stdout.write(f"{len(schemas)} unit schemas and public read: {blocking} blocking, "
                              f"{len(found) - blocking} warnings.")
        if any(f.severity == "blocking" for f in found):
            raise SystemExit(1)
