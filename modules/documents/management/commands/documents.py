"""`egov documents register`, `egov documents types list|add`: the registers of a unit and the document types;
`egov documents import-edxml|export-edxml|axis-fetch`: edXML envelopes exchanged with agencies outside."""

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
        imp = sub.add_parser("import-edxml", help="Register an edXML envelope from a file as an incoming document.")
        imp.add_argument("file")
        imp.add_argument("--unit", required=True, help="The receiving unit's code.")
        imp.add_argument("--dry-run", action="store_true", help="Only read and check it: nothing is stored.")
        exp = sub.add_parser("export-edxml", help="An issued outgoing document as an edXML envelope file.")
        exp.add_argument("document", type=int, help="The document's id in the unit.")
        exp.add_argument("--unit", required=True, help="The issuing unit's code.")
        exp.add_argument("--to", action="append", default=[], help="A recipient agency's code (OrganId); "
                         "repeatable. Default: the outside recipients it was issued to with a code.")
        exp.add_argument("--out", help="The file to write (default: <number>-<symbol>.edxml).")
        fetch = sub.add_parser("axis-fetch", help="Fetch what the document axis holds for a unit.")
        fetch.add_argument("--unit", required=True, help="The unit's code.")
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
        if opts["action"] in ("import-edxml", "export-edxml", "axis-fetch"):
            try:
                with in_unit(opts["unit"]):
                    return getattr(self, "_" + opts["action"].replace("-", "_"))(opts)
            except (UnknownUnit, DocumentsError) as exc:
                raise CommandError(f"{exc.field}: {exc}" if getattr(exc, "field", "") else str(exc)) from exc
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

    def _import_edxml(self, opts):
        from modules.documents.services import arrivals

        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        found = arrivals.import_file(path, dry_run=opts["dry_run"])
        if opts["dry_run"]:
            files = ", ".join(f"{name} ({size} B)" for name, size in found.files) or "-"
            self.stdout.write(f"{found.kind}: {found.code} {found.subject} (từ {found.sender}; tệp: {files}; "
                              f"chữ ký: {found.signature}) - chưa lưu gì (--dry-run)")
            return
        self.stdout.write(f"{found.pk}: {found.number_symbol} số đến {found.arrival_number or '-'} - {found.subject}")

    def _export_edxml(self, opts):
        from modules.documents.services import arrivals, reads

        content = arrivals.export(opts["document"], opts["to"])
        info = reads.get_document(opts["document"])
        out = Path(opts["out"] or f"{info.number_symbol.replace('/', '-') or opts['document']}.edxml")
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content)} B)")

    def _axis_fetch(self, opts):
        from modules.documents.axis.client import AxisRefused, AxisUnavailable
        from modules.documents.services import arrivals

        try:
            kept = arrivals.fetch_from_axis()
        except (AxisRefused, AxisUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        for m in kept:
            self.stdout.write(f"{m.pk}: {m.get_kind_display()} {m.peer} {m.code} - {m.get_state_display()}")
