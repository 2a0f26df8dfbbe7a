"""`egov startplugin NAME [--dir DIR]`: a new, installable plug-in distribution to start from."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.modules.skeleton import write_plugin


class Command(BaseCommand):
    help = "Create a plug-in skeleton: pyproject with the egov.plugins entry point, manifest, app, receiver, tests."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The plug-in id (lower-case letters, digits, '_'), e.g. parking.")
        parser.add_argument("--dir", default=".", help="Where to create egov-<name>/ (default: here).")

    def handle(self, *args, **opts):
        try:
            root = write_plugin(opts["name"], Path(opts["dir"]))
        except (ValueError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {root}\n"
                          f"Next: pip install -e {root}; add {opts['name']} to EGOV_PLUGINS; egov migrate; "
                          f"egov modules enable {opts['name']} --unit <code>")
