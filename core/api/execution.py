"""Running one operation within the time limit: a deadline checked between fields, and the same budget as the
database's statement_timeout, set for the operation's transaction only."""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from graphql import ExecutionContext, GraphQLError

from core.api import errors


def time_limit_ms() -> float:
    return float(settings.GRAPHQL_TIME_LIMIT_MS)


class TimeLimitExceeded(GraphQLError):
    def __init__(self):
        super().__init__(_("Truy vấn chạy quá thời gian cho phép (%(ms)s ms).") % {"ms": settings.GRAPHQL_TIME_LIMIT_MS},
                         extensions={"code": errors.TIME_LIMIT_EXCEEDED})


@contextmanager
def statement_timeout(ms: float):
    """A transaction whose SQL statements are cancelled after `ms` milliseconds (SET LOCAL: this transaction only).

    Inside an enclosing transaction the block is a savepoint, and a SET LOCAL survives its release: the enclosing
    transaction's own limit is put back afterwards.
    """
    outer = connection.in_atomic_block
    if outer:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            previous = cursor.fetchone()[0]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{max(1, int(ms))}ms"])
            yield
    finally:
        if outer and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


class DeadlineExecutionContext(ExecutionContext):
    """Stops the whole operation with TIME_LIMIT_EXCEEDED once its time is up, or once the database cancelled a
    statement for taking too long (the transaction cannot go on after that)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = time.monotonic() + time_limit_ms() / 1000

    def execute_field(self, parent_type, source, field_nodes, path):
        if time.monotonic() > self.deadline:
            raise TimeLimitExceeded()
        return super().execute_field(parent_type, source, field_nodes, path)

    def handle_field_error(self, error, *args):
        # Not a field's error: the operation stops here and the error climbs to the top, reported once.
        if isinstance(error.original_error, TimeLimitExceeded):
            raise error
        if errors.is_query_canceled(error.original_error):
            raise TimeLimitExceeded() from error.original_error
        return super().handle_field_error(error, *args)
