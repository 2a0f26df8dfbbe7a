"""`egov translations`: the message catalogues brought up to date with the code and compiled (no GNU gettext needed);
`egov translations --check`: exit non-zero while a Vietnamese text has no English translation."""

from django.core.management.base import BaseCommand, CommandError

from core.i18n.catalogues import problems, update_all


class Command(BaseCommand):
    help = "Add the code's new msgids to each app's catalogue and compile them; --check lists what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; fail while anything is missing.")

    def handle(self, *args, check=False, **options):
        if not check:
            for label, added in update_all().items():
                self.stdout.write(f"{label}: {len(added)} new message(s) to translate")
        found = problems()
        for line in found:
            self.stdout.write(line)
        if found:
            raise CommandError(f"{len(found)} translation problem(s)" + ("" if check else ": translate the empty msgstr"))
        self.stdout.write("Every message has its English translation.")
