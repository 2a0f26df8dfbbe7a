"""`egov forms import-fields FILE --procedure CODE --version LABEL --title TITLE [--dry-run]`,
`egov forms load-starter`, `egov forms sync-document-types`."""

from django.core.management.base import BaseCommand, CommandError

from modules.forms.services import FormsError, sync_document_types
from modules.forms.services.importing import import_fields
from modules.forms.services.starter import load_starter


class Command(BaseCommand):
    help = "Online forms: import a paper form's field list, load the starter dictionary and code lists."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-fields", help="Start a draft form from a spreadsheet (.xlsx) of fields.")
        imp.add_argument("file")
        imp.add_argument("--procedure", required=True, help="The procedure's code.")
        imp.add_argument("--version", required=True, help="The form's version label for that procedure.")
        imp.add_argument("--title", required=True, help="The form's title (Vietnamese).")
        imp.add_argument("--dry-run", action="store_true", help="Check and report; create nothing.")
        sub.add_parser("load-starter", help="The shipped code lists and starter fields that are missing.")
        sub.add_parser("sync-document-types", help="The document types in force as the code list document_type.")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "load-starter":
            self.stdout.write(f"{load_starter()} field(s) added")
            return
        if action == "sync-document-types":
            version = sync_document_types()
            self.stdout.write(f"document_type v{version.number}" if version else "document_type unchanged")
            return
        try:
            report = import_fields(opts["file"], procedure_code=opts["procedure"], version_label=opts["version"],
                                   title_vi=opts["title"], dry_run=opts["dry_run"])
        except FormsError as exc:
            for _where, message in exc.problems or [("", exc.message)]:
                self.stderr.write(message)
            raise CommandError(exc.message) from exc
        made = "checked" if opts["dry_run"] else f"draft form {report.form_id}"
        self.stdout.write(f"{made}: {len(report.fields)} field(s) in {len(report.sections)} section(s); "
                          f"new in the dictionary: {', '.join(report.new_fields) or 'none'}")
