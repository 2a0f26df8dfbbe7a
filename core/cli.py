"""The `egov` command: the platform's management commands (egov provision, egov migrate, egov units list, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # `egov graphql-schema` runs the graphql_schema command
    execute_from_command_line(["egov", *args])


if __name__ == "__main__":
    main()
