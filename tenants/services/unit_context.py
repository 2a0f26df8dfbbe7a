"""Entering a unit's schema, and leaving the connection where the caller had it.

    with entered(unit):            # the unit's schema; the caller's tenant (a unit, or public) is back afterwards
        ...
    with in_unit("27280"):         # the same, by the unit's code
        ...

Every piece of code that works in a unit's schema (tasks, hooks, messages between units, services) goes through
these, so a caller that was in unit A is still in unit A after visiting unit B - never silently left on public.

A unit on another database server (Unit.database, docs/ict/scale-out.md) is entered on that server's connection:
for the block it is the one named `default` (django.db.connection, transaction.atomic()), and the placement router
(tenants.routers) sends the platform's models to the platform's own connection.
"""

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from tenants.database_servers import DEFAULT, PLATFORM, unit_servers


class UnknownUnit(LookupError):
    """No unit has the code asked for."""


@contextmanager
def _restoring() -> Iterator:
    previous, include_public = getattr(connection, "tenant", None), connection.include_public_schema
    try:
        yield
    finally:
        if previous is None:
            connection.set_schema_to_public()
        else:
            connection.set_tenant(previous, include_public)


def platform_connection():
    """The platform's own connection, wherever the thread is."""
    current = connections[DEFAULT]
    return current if current.alias == DEFAULT else connections[PLATFORM]


def platform_atomic():
    """transaction.atomic() on the platform's connection, wherever the thread is: inside a unit on another server the
    platform's rows a service writes together (a unit's daily facts: a day's rows replaced) commit together, beside
    the unit's own transaction (two databases, no two-phase commit); on the platform's server it is that one
    transaction (a savepoint inside it)."""
    return transaction.atomic(using=PLATFORM if connections[DEFAULT].alias != DEFAULT else DEFAULT)


@contextmanager
def unit_and_platform_atomic(unit) -> Iterator:
    """A change of the platform's rows told in the unit (a membership changed and its line in the unit's audit log),
    as whole as two databases allow: inside `unit`, the unit's transaction around the platform's. On the platform's
    server they are one transaction. On another, the platform's commits at the end of the block and the unit's right
    after it: should the platform's write or commit fail, the unit's rolls back with it. The one window left (no
    two-phase commit): the unit's server failing at its own commit, just after the platform's - the change then
    stands without its line in the unit's log (docs/ict/scale-out.md)."""
    with entered(unit), transaction.atomic(), platform_atomic():
        yield unit


@contextmanager
def servers_atomic(aliases: Iterable[str]) -> Iterator:
    """A transaction on each of these database servers (`Unit.database` aliases) for the block, whatever unit is
    entered in it: a unit's code writing there through `entered()` writes in it. The platform's own server is left to
    the caller's transaction. Inside the platform's transaction (`transaction.atomic()` on the platform's side), they
    commit at the block's end just before the platform's; around it, just after. Anything raised in the block, or a
    server failing at its commit, rolls back those not yet committed (two databases, no two-phase commit: one
    committed stays so)."""
    with ExitStack() as stack:
        for alias in sorted({alias or DEFAULT for alias in aliases} - {DEFAULT}):
            stack.enter_context(transaction.atomic(using=alias))
        yield


@contextmanager
def moving_atomic(from_unit, to_units: Iterable) -> Iterator:
    """Records moving out of `from_unit` into `to_units` (a reorganisation's step, a dossier taken from the review
    queue), as whole as two databases allow: a transaction on every server for the block, the platform's included,
    wherever the thread is. The servers holding a receiving unit (and any other: a unit that exchanged records with
    `from_unit` may be anywhere) commit just before the platform's, so a failure before leaves no copy; the server
    holding `from_unit` alone, just after, so its records are never left marked moved while the move is undone. The
    windows left: the platform's commit failing once a receiving server has committed (the copies stay there), and
    the `from_unit`'s server failing at its commit after the platform's (docs/ict/scale-out.md). Called inside a
    transaction of the current server, that server commits with the caller instead."""
    from_only = {from_unit.database or DEFAULT} - {unit.database or DEFAULT for unit in to_units}
    with servers_atomic(from_only), platform_atomic(), servers_atomic(set(unit_servers()) - from_only):
        yield


@contextmanager
def on_server(alias: str) -> Iterator:
    """Server `alias`'s connection is `default` for the block (the platform's answers to `platform` meanwhile); the
    caller's connection is `default` again afterwards. Each connection keeps its own transaction and search path."""
    current = connections[DEFAULT]
    if current.alias == alias:
        yield current
        return
    platform = platform_connection()
    target = platform if alias == DEFAULT else connections[alias]
    connections[PLATFORM] = platform
    connections[DEFAULT] = target
    try:
        yield target
    finally:
        connections[DEFAULT] = current


@contextmanager
def entered(unit) -> Iterator:
    """The connection in `unit`'s schema, on its server, for the block; the caller's tenant (and search path, and
    server) restored after it."""
    with on_server(unit.database or DEFAULT):
        current = getattr(connection, "tenant", None)
        if current is not None and current.schema_name == unit.schema_name and connection.include_public_schema:
            yield unit  # already there: no SET search_path, no cleared content-type cache
            return
        with _restoring():
            connection.set_tenant(unit)
            yield unit


@contextmanager
def in_schema(schema_name: str, include_public: bool = True) -> Iterator:
    """A schema that is no ready unit's (the template, a unit's schema being made) for the block: for provisioning
    and migrations only. `include_public=False` leaves public off the search path. The caller's tenant comes back."""
    with _restoring():
        connection.set_schema(schema_name, include_public=include_public)
        yield


@contextmanager
def in_unit(code: str) -> Iterator:
    """`entered()` for the unit with this code; UnknownUnit when there is none."""
    from tenants.models import Unit

    unit = Unit.objects.select_related("kind").filter(code=code).first()
    if unit is None:
        raise UnknownUnit(_("Không có đơn vị mã %(code)s.") % {"code": code})
    with entered(unit):
        yield unit


def current_unit():
    """The unit the connection is in, or None on the public schema."""
    from tenants.models import Unit

    unit = getattr(connection, "tenant", None)
    return unit if isinstance(unit, Unit) else None
