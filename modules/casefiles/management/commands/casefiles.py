"""`egov casefiles due|transfer|transfer-list|handover-list|notify`: a unit's files near their transfer deadline, a
transfer to the current archive, the transfer list (PDF, Excel), an ended unit's hand-over lists, the deadline notices
now."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from modules.casefiles import services
from modules.casefiles.services.deadlines import files_due
from modules.casefiles.services.transfer_list import filename
from tenants.services import UnknownUnit, in_unit


class Command(BaseCommand):
    help = "Case files and the current archive: files due, transfers, transfer lists, deadline notices."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="Closed files whose transfer deadline is within DAYS days (or past).")
        due.add_argument("--unit", required=True, help="The unit's code.")
        due.add_argument("--days", type=int, default=30)
        move = sub.add_parser("transfer", help="Transfer closed files of a year to the current archive.")
        move.add_argument("--unit", required=True)
        move.add_argument("--year", type=int, required=True)
        move.add_argument("codes", nargs="+", help="File codes, in the order of their archive numbers.")
        move.add_argument("--department", default="")
        listed = sub.add_parser("transfer-list", help="The list of one transfer (Mục lục hồ sơ nộp lưu).")
        listed.add_argument("--unit", required=True)
        listed.add_argument("--number", type=int, required=True, help="The transfer's number.")
        listed.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        listed.add_argument("--out", help="The file to write (default: a name from the number, here).")
        handover = sub.add_parser("handover-list", help="An ended unit's hand-over list (reorganisation): its "
                                  "finished files, or the unfinished files handed over to one successor.")
        handover.add_argument("--unit", required=True, help="The ended unit's code.")
        handover.add_argument("--to", default=None, help="The successor's code; none: the finished files.")
        handover.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        handover.add_argument("--out", help="The file to write (default: a name from the units' codes, here).")
        notify = sub.add_parser("notify", help="Record and send today's deadline notices now.")
        notify.add_argument("--unit", required=True)

    def handle(self, *args, **opts):
        try:
            with in_unit(opts["unit"]):
                getattr(self, "_" + opts["action"].replace("-", "_"))(opts)
        except (UnknownUnit, services.CasefilesError) as exc:
            raise CommandError(str(exc)) from exc

    def _due(self, opts):
        for f in files_due(timezone.localdate(), opts["days"]).order_by("transfer_due_on", "code"):
            self.stdout.write(f"{f.transfer_due_on}  {f.year}/{f.code:<12} {f.title}")

    def _transfer(self, opts):
        ids = dict(services.files().filter(year=opts["year"], code__in=opts["codes"]).values_list("code", "pk"))
        unknown = [c for c in opts["codes"] if c not in ids]
        if unknown:
            raise CommandError(f"no file {opts['year']}/{unknown[0]}")
        made = services.transfer([ids[c] for c in opts["codes"]], department=opts["department"])
        numbers = dict(services.files().filter(transfer=made).values_list("code", "archive_number"))
        self.stdout.write(f"Lần nộp lưu số {made.number}: " + ", ".join(f"{c} → {numbers[c]}" for c in opts["codes"]))

    def _transfer_list(self, opts):
        made = services.transfers().filter(number=opts["number"]).first()
        if made is None:
            raise CommandError(f"no transfer number {opts['number']}")
        listed = services.transfer_list(made.pk)
        content = services.transfer_pdf(listed) if opts["format"] == "pdf" else services.transfer_xlsx(listed)
        out = Path(opts["out"] or filename(listed, opts["format"]))
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(listed.rows)} hồ sơ)")

    def _handover_list(self, opts):
        listed = services.handover_list(opts["to"])
        content = services.handover_pdf(listed) if opts["format"] == "pdf" else services.handover_xlsx(listed)
        name = f"ban-giao-{opts['unit']}-{opts['to'] or 'da-ket-thuc'}.{opts['format']}"
        out = Path(opts["out"] or name)
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(listed.rows)} hồ sơ)")

    def _notify(self, opts):
        self.stdout.write(f"{services.notify_deadlines(connection.tenant)} thông báo mới")
