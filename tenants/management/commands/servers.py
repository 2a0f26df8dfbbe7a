"""`egov servers list`: the database servers and how many units each holds; `egov servers prepare ALIAS`: make one
ready for units (docs/ict/scale-out.md)."""

from django.core.management.base import BaseCommand, CommandError

from tenants.database_servers import unit_servers
from tenants.services.placement import PlatformUnreachable, UnknownServer, prepare_server, units_per_server


class Command(BaseCommand):
    help = "Database servers holding units' schemas."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Each server with its number of units.")
        prepare = sub.add_parser("prepare", help="Foreign tables over the platform's, template and spare schemas; "
                                                 "again after each upgrade (egov migrate does it too).")
        prepare.add_argument("alias")
        prepare.add_argument("--platform-url", help="The platform's database as that server reaches it "
                                                    "(default: DATABASE_URL).")

    def handle(self, *args, **opts):
        if opts["action"] == "list":
            counts = units_per_server()
            for alias in unit_servers():
                self.stdout.write(f"{alias}\t{counts.get(alias, 0)}")
            return
        try:
            prepare_server(opts["alias"], opts.get("platform_url"))
        except UnknownServer as exc:
            raise CommandError(f"no database server {opts['alias']} (see EGOV_UNIT_DATABASES)") from exc
        except PlatformUnreachable as exc:
            raise CommandError(f"the platform's database listens on the unix socket in {exc} only, which "
                               f"{opts['alias']} cannot reach: give --platform-url with an address it can") from exc
        self.stdout.write(f"{opts['alias']}: ready for units")
