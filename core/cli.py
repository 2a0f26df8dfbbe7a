"""The `egov` command: the platform's management commands (egov provision, egov migrate, egov units list, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egov", *sys.argv[1:]])


if __name__ == "__main__":
    main()
