"""`egov messages failed [--json]`: messages between units that failed for good, in every unit (ICT department)."""

import json

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from tenants.messaging.services import failed_messages


class Command(BaseCommand):
    help = "Messages between units."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        failed = sub.add_parser("failed", help="Messages that failed for good (refused, or undelivered after the "
                                               "last retry), the latest first.")
        failed.add_argument("--json", action="store_true", help="One JSON array, for scripts and monitoring.")
        failed.add_argument("--limit", type=int, default=500)

    def handle(self, *args, **opts):
        rows = failed_messages(limit=opts["limit"])
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
            return
        table = Table("failed at", "sender", "receiver", "kind", "code", "attempts", "last error")
        for r in rows:
            when = r["failed_at"].isoformat(timespec="seconds") if r["failed_at"] else ""
            table.add_row(when, r["sender"], r["receiver"], r["kind"], r["code"], str(r["attempts"]),
                          r["last_error"][:120])
        Console(file=self.stdout, width=160).print(table)
        self.stdout.write(f"{len(rows)} failed messages")
