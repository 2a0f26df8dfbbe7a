"""`egov config`: every environment variable the platform reads (core.env), its default, and whether it is set here.

Values are never printed (SECRET_KEY, passwords in URLs); defaults are, with any password in a URL masked.
`egov config --markdown` prints the same as a Markdown table, for the documentation.
"""

import os
import re

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from core.env import documented

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@/]+@")


def shown(value: str | None) -> str:
    if value is None:
        return ""
    return _PASSWORD_IN_URL.sub(r"\1***@", str(value))


class Command(BaseCommand):
    help = "Environment variables of the platform: name, whether set, default, meaning."

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="Print a Markdown table.")

    def handle(self, *args, **opts):
        rows = [(s.name, "yes" if s.name in os.environ else "", shown(s.default), s.help) for s in documented()]
        if opts["markdown"]:
            self.stdout.write("| variable | default | meaning |\n|---|---|---|")
            for name, _set, default, help_text in rows:
                default = f"`{default}`" if default else "(none)"
                self.stdout.write(f"| `{name}` | {default} | {help_text.replace('|', '/')} |")
            return
        table = Table("variable", "set", "default", "meaning")
        for row in rows:
            table.add_row(*row)
        Console(file=self.stdout, width=160).print(table)
