from django.db.backends.postgresql import base
from django.db.migrations.recorder import MigrationRecorder

from core.postgresql.schema import DatabaseSchemaEditor


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor


def _has_migrations_table(self) -> bool:
    """Django's MigrationRecorder.has_table lists every table visible on the search path to find one name: with
    thousands of unit schemas that is a scan of the whole catalogue (1.5 s a call at 11,367 units, three calls in a
    no-op `egov migrate`; docs/ict/fleet-migrations.md). One catalogue look-up of the table in the connection's
    schema (django-tenants' `schema_name`, as its introspection lists) answers the same question."""
    if self._has_table:
        return True
    schema = getattr(self.connection, "schema_name", None) or "public"
    with self.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(format('%%I.%%I', %s::text, %s::text)) IS NOT NULL",
                       [schema, self.Migration._meta.db_table])
        self._has_table = cursor.fetchone()[0]
    return self._has_table


MigrationRecorder.has_table = _has_migrations_table
