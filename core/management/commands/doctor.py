"""`egov doctor [--json]`: the installation's health, with advice (core.doctor). Exit status 1 on a failure."""

import json
import sys

from django.core.management.base import BaseCommand

from core.doctor import Level, run_checks


class Command(BaseCommand):
    help = "Check settings, services, schemas, messages between units, disk and PostgreSQL settings, with advice."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON array, for scripts.")

    def handle(self, *args, **opts):
        findings = run_checks()
        if opts["json"]:
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
        else:
            for f in findings:
                self.stdout.write(f"[{f.level.value:4}] {f.area:9} {f.message}" + (f"\n{'':16} -> {f.advice}"
                                                                                 if f.advice else ""))
        if any(f.level == Level.FAIL for f in findings):
            sys.exit(1)
