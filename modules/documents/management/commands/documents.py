"""`egov documents register`, `egov documents types list|add`: the registers of a unit and the document types."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.doctypes.services import DoctypeError, add_type, types_in_force
from modules.documents.services.errors import DocumentsError
from modules.documents.services.registers import filename, register, register_pdf, register_xlsx
from tenants.services import UnknownUnit, in_unit


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Official documents: print a unit's registers (PDF, Excel) for a period; list and add document types."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reg = sub.add_parser("register", help="A unit's register of outgoing or incoming documents for a period.")
        reg.add_argument("--unit", required=True, help="The unit's code.")
        reg.add_argument("--direction", choices=["outgoing", "incoming"], required=True)
        reg.add_argument("--from", dest="first", required=True, help="First day, YYYY-MM-DD.")
        reg.add_argument("--to", dest="last", required=True, help="Last day, YYYY-MM-DD (included).")
        reg.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        reg.add_argument("--series", help="Only this outgoing series (its code).")
        reg.add_argument("--out", help="The file to write (default: a name from the period, here).")
        types = sub.add_parser("types", help="Document types (Decree 30 Appendix III and additions).")
        types_sub = types.add_subparsers(dest="types_action", required=True)
        types_sub.add_parser("list", help="The types in force today.")
        add = types_sub.add_parser("add", help="Add a type, or a new version of one from a date.")
        add.add_argument("code", help="Stable code, letters without marks (e.g. quyet_dinh).")
        add.add_argument("name")
        add.add_argument("--abbreviation", default="")
        add.add_argument("--kind", default="document", choices=["document", "normative", "copy"])
        add.add_argument("--valid-from", required=True, help="YYYY-MM-DD")
        add.add_argument("--basis", default="", help="The text that defines it.")

    def handle(self, *args, **opts):
        if opts["action"] == "register":
            return self._register(opts)
        if opts["types_action"] == "list":
            for t in types_in_force():
                self.stdout.write(f"{t.code:<18} {t.abbreviation or '-':<6} {t.name}")
            return
        try:
            made = add_type(opts["code"], opts["name"], opts["abbreviation"], valid_from=_date(opts["valid_from"]),
                            kind=opts["kind"], basis=opts["basis"])
        except DoctypeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{made.code} {made.abbreviation} {made.name} (từ {made.valid_from})")

    def _register(self, opts):
        first, last = _date(opts["first"]), _date(opts["last"])
        try:
            with in_unit(opts["unit"]):
                reg = register(opts["direction"], first, last, opts.get("series"))
                content = register_pdf(reg) if opts["format"] == "pdf" else register_xlsx(reg)
        except (UnknownUnit, DocumentsError) as exc:
            raise CommandError(str(exc)) from exc
        out = Path(opts["out"] or filename(reg, opts["format"]))
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(reg.rows)} văn bản)")
