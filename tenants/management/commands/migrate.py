"""`egov migrate`: the public schema, then the template, then only the units whose schema is behind.

Replaces Django's `migrate` (the test runner's database set-up goes through it too).
"""

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rich.progress import Progress

from core.accounts.services import sync_roles
from tenants.database_servers import unit_servers
from tenants.services.fleet import migrate_units, units_behind
from tenants.services.placement import keep_current
from tenants.services.spares import drop_stale_spares, make_spares
from tenants.services.template import ensure_template, template_is_current


class Command(DjangoMigrate):
    help = "Migrate the public schema, the template schema and every unit schema that is behind."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--parallel", type=int, default=2, help="Unit schemas migrated at once (processes).")
        parser.add_argument("--public-only", action="store_true", help="Only the public schema.")
        parser.add_argument("--verify", action="store_true",
                            help="Read every unit's schema (not only the units the registry records as behind) and "
                                 "top up every unit's roles; `--check` always reads every schema.")

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        if options["check_unapplied"]:
            return self._check()
        super().handle(*args, **options)
        if options["public_only"] or options.get("app_label"):
            return
        verbosity = options["verbosity"]
        if ensure_template() and verbosity:
            self.stdout.write("Template schema migrated.")
        dropped, made = drop_stale_spares(), make_spares()
        if (dropped or made) and verbosity:
            self.stdout.write(f"Spare schemas: {dropped} stale dropped, {made} made.")
        for alias in unit_servers()[1:]:  # the other database servers' templates and spares (scale-out)
            if keep_current(alias) and verbosity:
                self.stdout.write(f"Template schema migrated on {alias}.")
        added = sync_roles(every_role=options["verify"])  # permissions that new or upgraded modules give to existing roles
        if added and verbosity:
            self.stdout.write(f"Role permissions added: {added}")
        behind = units_behind(verify=options["verify"])
        if verbosity:
            self.stdout.write(f"Units behind: {len(behind)}")
        if not behind:
            return
        with Progress(disable=verbosity == 0) as progress:
            bar = progress.add_task("Migrating units", total=len(behind))
            report = migrate_units(behind, options["parallel"], on_done=lambda code, err: progress.advance(bar))
        for code, error in sorted(report.failed.items()):
            self.stderr.write(f"{code}: {error}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {len(behind)} units failed; run `egov migrate` again to resume.")
        if verbosity:
            self.stdout.write(f"Migrated {len(report.migrated)} units.")

    def _check(self):
        executor = MigrationExecutor(connection)
        public_pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        behind = units_behind(verify=True)
        template_ok = template_is_current()
        self.stdout.write(f"public: {len(public_pending)} pending; template: {'current' if template_ok else 'behind'}; "
                          f"units behind: {len(behind)}")
        for code, *_ in behind[:50]:
            self.stdout.write(f"  {code}")
        if public_pending or behind or not template_ok:
            raise SystemExit(1)
