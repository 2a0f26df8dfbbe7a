"""`egov demo` (`make demo`): a working installation on one machine, for trying the platform out.

1. migrates the database (the public schema, the template schema, every unit);
2. provisions the Nghệ An pilot (deploy/demo/nghe-an-pilot.csv: the province, the provincial office, two departments,
   the districts Quỳnh Lưu and Yên Thành and their 72 communes); units that are already ready are left as they are;
   loads the sample procedure catalogue, switches the modules on and gives each commune and district its process for
   the procedures of its level (_demo_content.py);
3. creates, once, a demo ICT superuser and, in a commune and its district, one account per role (_demo_accounts.py;
   demo-only passwords, printed); with `--reorganise`, then takes the pilot into its 2025 shape (_demo_reorganise.py);
4. serves the platform on http://localhost:8000 (PORT overrides) with a Celery worker (and beat when there are
   periodic tasks) and the stand-ins of the national data platform and the national portal on the next port
   (modules.onestop.stand_ins; every unit of the pilot serving citizens points at them, after `--reorganise` too)
   until Ctrl-C, then stops them all.

Without DATABASE_URL everything runs on the embedded PostgreSQL under .data/pg, and Celery's broker is that same
database (kombu's SQLAlchemy transport): nothing else to install. Refused when EGOV_PRODUCTION is on.
"""

import os
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.management.commands._demo_accounts import COMMUNE, DISTRICT
from core.management.commands._demo_processes import Supervisor, wait_for_health

PILOT_FILE = settings.BASE_DIR / "deploy" / "demo" / "nghe-an-pilot.csv"
PROVINCE = "40"
CLERK_UNIT = COMMUNE  # Xã Mã Thành, huyện Yên Thành: its staff have demo accounts, one role each
# The demo's mail (notices to staff, invitations) is printed by the process that sends it, never sent.
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


class Command(BaseCommand):
    help = "Set up the Nghệ An demo (migrate, provision, demo users), then serve it with a Celery worker until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000),
                            help="Port to serve on (default: $PORT or 8000).")
        parser.add_argument("--setup-only", action="store_true", help="Set up the demo and exit without serving.")
        parser.add_argument("--no-worker", action="store_true", help="Serve without the Celery worker.")
        parser.add_argument("--reorganise", action="store_true",
                            help="Then reorganise the pilot into its 2025 shape (deploy/demo/nghe-an-2025.csv), "
                                 "effective today; done once.")

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            raise CommandError("`egov demo` creates accounts with published passwords; it refuses to run with "
                               "EGOV_PRODUCTION on.")
        verbosity = opts["verbosity"]
        started = time.monotonic()
        # This process and the ones it starts (web, worker) print their mail instead of sending it.
        os.environ.setdefault("EGOV_EMAIL_BACKEND", CONSOLE_EMAIL)
        settings.EMAIL_BACKEND = os.environ["EGOV_EMAIL_BACKEND"]
        self._step("Migrating the database (public schema, template schema, units)")
        call_command("migrate", verbosity=max(verbosity - 1, 0), interactive=False)
        self._step(f"Provisioning the Nghệ An pilot from {PILOT_FILE.relative_to(settings.BASE_DIR)}")
        call_command("provision", file=str(PILOT_FILE), verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        self._step("Procedures and modules of the pilot units")
        stand_ins = f"http://127.0.0.1:{opts['port'] + 1}"
        self._content(stand_ins=stand_ins)
        self._step("Demo accounts")
        accounts = self._demo_accounts()
        if opts["reorganise"]:
            from core.management.commands._demo_reorganise import reorganise_pilot
            from tenants.services.units_over_time import today

            self._step("Reorganising the pilot into its 2025 shape (deploy/demo/nghe-an-2025.csv)")
            if reorganise_pilot(self.stdout, today(), verbosity):
                self._point_at_stand_ins(stand_ins)  # a unit the plan made new too
                accounts = self._demo_accounts()  # the banner names the units the staff work in now
        self.stdout.write(f"Set up in {time.monotonic() - started:.1f} s.")
        connections.close_all()  # the children open their own; nothing is held while serving
        if opts["setup_only"]:
            self._banner(opts["port"], accounts, worker=False)
            return
        self._serve(opts["port"], worker=not opts["no_worker"], accounts=accounts)

    # --- set-up -------------------------------------------------------------------------------------------------
    def _step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"==> {text}"))

    def _content(self, stand_ins: str) -> None:
        import csv

        from core.management.commands._demo_content import set_up_units
        from tenants.models import Unit, UnitStatus

        with PILOT_FILE.open(encoding="utf-8") as f:
            codes = [row["code"] for row in csv.DictReader(f)]
        units = list(Unit.objects.filter(code__in=codes, status=UnitStatus.READY).select_related("kind"))
        set_up_units(units, self.stdout)
        self._point_at_stand_ins(stand_ins)

    def _point_at_stand_ins(self, stand_ins: str) -> int:
        """Data instead of paper and the national portal answer from the stand-ins served beside the demo: every unit
        of the pilot serving now with the one-stop module on - the pilot's own and, once it is reorganised, those of
        its 2025 shape (deploy/demo/nghe-an-2025.csv). Run on each `egov demo`, so a new port is followed."""
        import csv

        from core.management.commands._demo_reorganise import PLAN_FILE
        from core.modules.registry import services_of
        from core.modules.services import is_enabled, set_settings
        from tenants.models import Unit, UnitStatus

        codes = set()
        for path in (PILOT_FILE, PLAN_FILE):
            with path.open(encoding="utf-8") as f:
                codes |= {row["code"] for row in csv.DictReader(f)}
        urls = services_of("onestop").stand_in_settings.urls  # the kernel reaches a module by its id
        pointed = 0
        for unit in Unit.objects.filter(code__in=codes, status=UnitStatus.READY, ended_on__isnull=True):
            if is_enabled(unit, "onestop"):
                set_settings(unit, "onestop", urls(stand_ins))
                pointed += 1
        self.stdout.write(f"Units pointed at the stand-ins ({stand_ins}): {pointed}.")
        return pointed

    def _demo_accounts(self) -> list[str]:
        from core.management.commands._demo_accounts import create_demo_accounts

        return create_demo_accounts(self.stdout)

    # --- serving ------------------------------------------------------------------------------------------------
    def _serve(self, port: int, worker: bool, accounts: list[str]) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        # Links that leave a request (the receipt's QR code, SMS, e-mails) point where this demo really serves.
        env.setdefault("EGOV_PUBLIC_URL", f"http://localhost:{port}")
        # The children use the database this process used (the embedded one when DATABASE_URL is unset), so they do
        # not each start or look for the embedded server again; the broker URL follows from it as in settings.
        if not env.get("DATABASE_URL"):
            from core.dbserver import embedded_database_url

            env["DATABASE_URL"] = embedded_database_url()  # the server is running: this only reads its address
        supervisor = Supervisor(env, out=self.stdout)
        self._step(f"Serving on http://localhost:{port}/ (Ctrl-C stops the server and the worker)")
        supervisor.start("web", [sys.executable, "-m", "core.cli", "runserver", "--noreload", "--insecure",
                                 f"127.0.0.1:{port}"])
        supervisor.start("stand-ins", [sys.executable, "-m", "modules.onestop.stand_ins", "--port", str(port + 1)])
        beat = bool(settings.CELERY_BEAT_SCHEDULE)
        if worker:
            command = [sys.executable, "-m", "celery", "-A", "core.celery_app", "worker", "-l", "info",
                       "--concurrency", "1", "-n", "demo@%h"]
            if beat:  # periodic tasks: beat runs inside the worker (fine for one machine)
                command += ["-B", "-s", str(settings.BASE_DIR / ".data" / "celerybeat-schedule")]
            supervisor.start("worker", command)
        try:
            healthy = wait_for_health(f"http://127.0.0.1:{port}/health/", supervisor, timeout=60)
            if not supervisor.stopping and not supervisor.dead():
                if not healthy:
                    self.stderr.write(f"http://127.0.0.1:{port}/health/ did not answer within 60 s.")
                self._banner(port, accounts, worker=worker, beat=worker and beat)
            supervisor.wait()
        finally:
            supervisor.stop()
        if supervisor.failed:
            raise CommandError(f"{supervisor.failed} stopped on its own (exit status {supervisor.failed_status}); "
                               "see its output above.")

    def _banner(self, port: int, accounts: list[str], worker: bool, beat: bool = False) -> None:
        base = f"localhost:{port}"
        unit_host = f"u-{PROVINCE}.{settings.EGOV_BASE_DOMAIN}:{port}"
        from core.management.commands._demo_reorganise import successor_of

        # After `--reorganise` the staff work in the units that carry their commune and district on.
        clerk_host = f"u-{successor_of(CLERK_UNIT)}.{settings.EGOV_BASE_DOMAIN}:{port}"
        district_host = f"u-{successor_of(DISTRICT)}.{settings.EGOV_BASE_DOMAIN}:{port}"
        header = settings.EGOV_UNIT_HEADER
        lines = [
            "",
            self.style.SUCCESS("The demo is running." if worker or beat else "The demo is set up."),
            f"  Platform admin (ICT department): http://{base}/admin/",
            f"  Citizen portal, province / the staff's commune: http://{base}/   http://{clerk_host}/",
            f"  A unit by its domain:            http://{unit_host}/admin/   http://{unit_host}/health/",
            f"  The staff's commune and district: http://{clerk_host}/admin/   http://{district_host}/admin/",
            f"    (the unit admin opens to xa-quantri; every account signs in there and works in that unit's "
            f"GraphiQL, http://{clerk_host}/graphql/)",
            f"  The gateway (platform host + header): curl -H '{header}: {PROVINCE}' http://{base}/health/",
            *[f"  GraphQL, {where}:{' ' * (23 - len(where))}http://{host}{path}"
              for where, host, path in _graphql(base, unit_host)],
            f"  Every unit has the domain <schema with - for _>.{settings.EGOV_BASE_DOMAIN}, e.g. u_{CLERK_UNIT} -> "
            f"u-{CLERK_UNIT}.{settings.EGOV_BASE_DOMAIN}; browsers resolve *.localhost to this machine.",
            "  Accounts (user name, password, role):",
            *[f"    {line}" for line in accounts],
            "  Mail and SMS are printed by the worker (the console), never sent.",
            f"  Stand-ins of the data platform and the national portal: http://127.0.0.1:{port + 1}/data/population/"
            f"040090000001   http://127.0.0.1:{port + 1}/portal/log (modules/onestop/stand_ins.py)",
            self.style.WARNING("  These accounts and passwords are for the demo only (they are published in the "
                               "source): never create them on a real installation."),
        ]
        if worker:
            lines.append("  Celery worker: running" + (" with beat (periodic tasks)." if beat else "."))
        self.stdout.write("\n".join(lines) + "\n")


def _graphql(platform_host: str, unit_host: str) -> list[tuple[str, str, str]]:
    """Where the GraphQL endpoints are, when the URLconfs have them (named "graphql")."""
    from django.urls import NoReverseMatch, reverse

    found = []
    for where, urlconf, host in (("platform", settings.PUBLIC_SCHEMA_URLCONF, platform_host),
                                 ("a unit", settings.ROOT_URLCONF, unit_host)):
        try:
            found.append((where, host, reverse("graphql", urlconf=urlconf)))
        except (NoReverseMatch, ImportError):
            pass
    return found
