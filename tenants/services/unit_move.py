"""`egov units move CODE --to ALIAS`: a unit's schema copied to another database server, with a short write freeze.

1. Checks (nothing changed when one fails): the server is known and not the unit's, the unit is in service
   (ready or suspended; a move stopped half-way, `moving`, is taken up again), its schema and the target's template
   are at the code's migrations.
2. Freeze: the unit is `moving` (its requests answered 503 UNIT_MOVING, its tasks skipped, messages to it retried).
   On the source server, one transaction locks every table of the schema in SHARE mode: writes that passed the door
   before the freeze finish first, none can start until the end.
3. Copy (the backup and restore machinery: binary COPY per table): on the target, a schema from its template (a
   spare when there is one), each table's rows, sequences moved past them, row counts checked, committed.
4. Switch: the registry (Unit.database) names the target and the unit is back in its status; then the old copy is
   dropped in the source's transaction, so a write held up by the locks fails rather than landing in a copy no one
   reads.
A failure before the switch drops the target's copy and leaves the unit where it was, in its status.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.errors import ServiceError
from tenants.database_servers import unit_servers
from tenants.models import Unit, UnitStatus
from tenants.services.provisioning import Method, _create_schema, schema_exists
from tenants.services.schema_copy import read_schema
from tenants.services.schema_migrations import code_fingerprint, is_current, schema_states
from tenants.services.template import template_fingerprint
from tenants.services.unit_context import on_server
from tenants.services.unit_restore import _fill_schema

log = logging.getLogger(__name__)

class Code(StrEnum):
    UNKNOWN_UNIT = "UNKNOWN_UNIT"
    UNKNOWN_SERVER = "UNKNOWN_SERVER"
    SAME_SERVER = "SAME_SERVER"
    NOT_MOVABLE = "NOT_MOVABLE"
    BEHIND = "BEHIND"
    SERVER_NOT_READY = "SERVER_NOT_READY"
    CHANGED = "CHANGED"


class MoveRefused(ServiceError):
    codes = Code


@dataclass
class Moved:
    unit: Unit
    source: str
    tables: int
    rows: int
    old_copy_dropped: bool


def _check(code: str, to: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise MoveRefused(Code.UNKNOWN_UNIT, _("Không có đơn vị mã %(code)s.") % {"code": code}, field="code")
    if to not in unit_servers():
        raise MoveRefused(Code.UNKNOWN_SERVER, _("Không có máy chủ cơ sở dữ liệu %(alias)s (xem EGOV_UNIT_DATABASES).")
                          % {"alias": to}, field="to")
    if unit.database == to:
        raise MoveRefused(Code.SAME_SERVER, _("Đơn vị %(code)s đã ở máy chủ %(alias)s.") % {"code": code, "alias": to},
                          field="to")
    if unit.status not in (UnitStatus.READY, UnitStatus.SUSPENDED, UnitStatus.MOVING):
        raise MoveRefused(Code.NOT_MOVABLE, _("Chỉ chuyển được đơn vị đang hoạt động hoặc tạm ngừng (đơn vị %(code)s: "
                                              "%(status)s).") % {"code": code, "status": unit.get_status_display()})
    with on_server(unit.database):
        behind = not is_current(schema_states([unit.schema_name])[unit.schema_name])
    if behind:
        raise MoveRefused(Code.BEHIND, _("Cấu trúc dữ liệu của đơn vị %(code)s chưa cập nhật: chạy egov migrate "
                                         "trước.") % {"code": code})
    with on_server(to):
        if template_fingerprint() != code_fingerprint():
            raise MoveRefused(Code.SERVER_NOT_READY, _("Máy chủ %(alias)s chưa sẵn sàng: chạy egov servers prepare "
                                                       "%(alias)s.") % {"alias": to}, field="to")
    return unit


def _drop(alias: str, schema: str) -> None:
    with on_server(alias), connection.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')  # a name from the registry, validated


def move_unit(code: str, to: str) -> Moved:
    """Move the unit's schema to server `to` (see the module's docstring); returns what was moved."""
    unit = _check(code, to)
    source, schema = unit.database, unit.schema_name
    back_to = UnitStatus.READY if unit.status == UnitStatus.MOVING else unit.status
    if not Unit.objects.filter(pk=unit.pk, status=unit.status, database=source).update(status=UnitStatus.MOVING):
        raise MoveRefused(Code.CHANGED, _("Đơn vị %(code)s vừa thay đổi; hãy chạy lại.") % {"code": code})
    dropped = False
    try:
        with on_server(source), transaction.atomic():
            manifest, members = read_schema(schema, lock=True)
            state = schema_states([schema])[schema]  # with the tables of the modules it holds
            with on_server(to):
                if schema_exists(schema):
                    _drop(to, schema)  # left by a move stopped half-way: the registry never pointed at it
                with transaction.atomic():
                    _create_schema(schema, Method.CLONE, state[1])
                    _fill_schema(schema, manifest, members)  # row counts per table checked, or nothing kept
                    copied = schema_states([schema])[schema]
            if copied != state:
                raise MoveRefused(Code.CHANGED, _("Bản sao trên máy chủ %(alias)s không khớp.") % {"alias": to})
            # The switch: on the platform's connection (the source's own transaction when the source is the
            # platform's server, so both commit together).
            if not Unit.objects.filter(pk=unit.pk, status=UnitStatus.MOVING, database=source).update(
                    database=to, status=back_to):
                raise MoveRefused(Code.CHANGED, _("Đơn vị %(code)s đã bị thay đổi trong lúc chuyển; không chuyển.")
                                  % {"code": code})
            try:
                with transaction.atomic(), connection.cursor() as cur:  # a savepoint: a failed drop keeps the switch
                    cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
                dropped = True
            except Exception:  # noqa: BLE001 - reported; the unit is on its new server either way
                log.exception("unit %s moved to %s; its old schema on %s was not dropped", code, to, source)
    except BaseException:
        unit.refresh_from_db()
        if unit.database != to:  # not switched: the target's copy goes, the unit is back in service where it was
            _drop(to, schema)
            Unit.objects.filter(pk=unit.pk, status=UnitStatus.MOVING).update(status=back_to)
        raise
    unit.refresh_from_db()
    return Moved(unit, source, len(manifest["tables"]),
                 sum(spec["rows"] for spec in manifest["tables"].values()), dropped)
