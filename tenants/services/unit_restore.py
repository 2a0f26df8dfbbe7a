"""`egov units restore CODE --from FILE [--as NEWCODE] [--server ALIAS]`: a unit's backup (tenants.services.unit_backup)
back into this installation or another one, under its own code or a new one, onto a database server of its choice
(by default the least loaded, as a new unit: tenants.services.placement).

Refused before anything is written: a code already in use, a file whose checksums do not match (corrupt or
altered), a file taken at another migration state than the code's. The restore runs in one transaction: the unit
row and its shared rows (new primary keys, references among them re-pointed), a schema made from the template, each
table's rows copied in, sequences moved past the restored rows, then a consistency check (row counts per table);
any failure leaves nothing behind. On another server than the platform's, the schema is committed there just before
the platform's rows, and dropped again should those fail (as provisioning does).
"""

import hashlib
import io
import json
import tarfile
from enum import StrEnum
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from tenants.database_servers import DEFAULT, unit_servers
from tenants.models import Domain, Unit, UnitKind, UnitStatus
from tenants.naming import schema_name_for
from tenants.services.placement import least_loaded
from tenants.services.provisioning import Method, _create_schema, _drop_schema_on, default_domain, schema_exists
from tenants.services.schema_migrations import code_fingerprint, unit_app_labels, unit_fingerprint
from tenants.services.template import template_fingerprint
from tenants.services.unit_backup import FORMAT, copy_sql
from tenants.services.unit_context import on_server


class Code(StrEnum):
    UNREADABLE = "UNREADABLE"
    CORRUPT = "CORRUPT"
    INCOMPATIBLE = "INCOMPATIBLE"
    CODE_TAKEN = "CODE_TAKEN"
    INCONSISTENT = "INCONSISTENT"
    UNKNOWN_SERVER = "UNKNOWN_SERVER"
    SERVER_NOT_READY = "SERVER_NOT_READY"


class RestoreRefused(ServiceError):
    codes = Code


def read_backup(path: str | Path) -> tuple[dict, dict[str, bytes]]:
    """(manifest, {member: bytes}) once every member's checksum is verified."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
        manifest = json.loads(members.pop("manifest.json"))
    except (OSError, tarfile.TarError, EOFError, KeyError, ValueError) as exc:
        raise RestoreRefused(Code.UNREADABLE, _("Không đọc được tệp sao lưu: %(error)s") % {"error": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(Code.UNREADABLE, _("Tệp sao lưu có định dạng không hỗ trợ."))
    expected = manifest.get("files", {})
    if set(expected) != set(members):
        raise RestoreRefused(Code.CORRUPT, _("Tệp sao lưu thiếu hoặc thừa thành phần."))
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != expected[name]["sha256"]:
            raise RestoreRefused(Code.CORRUPT, _("Tệp sao lưu bị hỏng: %(member)s sai mã kiểm tra.") % {"member": name})
    return manifest, members


def _restore_shared(data: bytes, unit: Unit, new_code: bool) -> None:
    """Insert the unit's shared rows (the unit row itself is `unit`, saved already) with new primary keys."""
    ids: dict = {Unit: {}}
    for item in serializers.deserialize("json", data, use_natural_foreign_keys=True):
        obj = item.object
        model = type(obj)
        if model is Unit:
            ids[Unit][obj.pk] = unit.pk
            continue
        if model is Domain and new_code:
            continue  # a domain names one unit: the new code gets its own default domain
        for f in obj._meta.concrete_fields:
            if (f.many_to_one or f.one_to_one) and f.related_model in ids:
                old = getattr(obj, f.attname)
                if old is not None:
                    setattr(obj, f.attname, ids[f.related_model][old])
            elif new_code and f.unique and not f.primary_key and callable(f.default):
                setattr(obj, f.attname, f.default())  # e.g. an invitation's token: unique in the installation
        for name, values in item.m2m_data.items():
            related = obj._meta.get_field(name).related_model
            if related in ids:
                item.m2m_data[name] = [ids[related][v] for v in values]
        old_pk, obj.pk = obj.pk, None
        item.save()
        ids.setdefault(model, {})[old_pk] = obj.pk


def _fill_schema(schema: str, manifest: dict, members: dict[str, bytes]) -> None:
    q = connection.ops.quote_name
    tables = manifest["tables"]
    with connection.cursor() as cur:
        # The template's own rows (django_migrations, seeded rows) give way to the unit's. Only tables that have
        # rows: the audit log refuses TRUNCATE, and a fresh schema's log is empty.
        filled = []
        for table in tables:
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {q(schema)}.{q(table)})")
            if cur.fetchone()[0]:
                filled.append(f"{q(schema)}.{q(table)}")
        if filled:
            cur.execute("TRUNCATE " + ", ".join(filled) + " CASCADE")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, spec in tables.items():
            cur.cursor.copy_expert(copy_sql(schema, table, spec["columns"], "FROM STDIN"),
                                   io.BytesIO(members[f"schema/{table}.copy"]))
        cur.execute(
            "SELECT t.relname, a.attname, pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(t.relname),"
            " a.attname) FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_attribute a"
            " ON a.attrelid = t.oid AND a.attnum > 0 WHERE n.nspname = %s AND t.relkind = 'r'"
            " AND pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(t.relname), a.attname)"
            " IS NOT NULL", [schema])
        for table, column, sequence in cur.fetchall():
            cur.execute(f"SELECT setval(%s, coalesce(max({q(column)}), 1), max({q(column)}) IS NOT NULL) "
                        f"FROM {q(schema)}.{q(table)}", [sequence])
        for table, spec in tables.items():
            cur.execute(f"SELECT count(*) FROM {q(schema)}.{q(table)}")
            if cur.fetchone()[0] != spec["rows"]:
                raise RestoreRefused(Code.INCONSISTENT, _("Bảng %(table)s không khớp số dòng sau khi khôi phục.")
                                     % {"table": table})


def _server(alias: str | None) -> str:
    """The server the unit goes to: `alias` once known and ready for units, by default the least loaded."""
    if alias is None:
        return least_loaded()
    if alias not in unit_servers():
        raise RestoreRefused(Code.UNKNOWN_SERVER, _("Không có máy chủ cơ sở dữ liệu %(alias)s (xem "
                                                    "EGOV_UNIT_DATABASES).") % {"alias": alias}, field="server")
    if alias != DEFAULT:
        with on_server(alias):
            if template_fingerprint() != code_fingerprint():
                raise RestoreRefused(Code.SERVER_NOT_READY, _("Máy chủ %(alias)s chưa sẵn sàng: chạy egov servers "
                                                              "prepare %(alias)s.") % {"alias": alias}, field="server")
    return alias


def _schema_taken(schema: str, alias: str) -> bool:
    """On the platform's server (a schema left there) or on the target."""
    if schema_exists(schema):
        return True
    with on_server(alias):
        return schema_exists(schema)


def restore_unit(path: str | Path, as_code: str | None = None, server: str | None = None) -> Unit:
    """Restore the backup at `path` as a ready unit (under `as_code` when given) on database server `server` (by
    default the least loaded); returns the unit."""
    manifest, members = read_backup(path)
    # A file from before units held only their modules' tables held every unit app's.
    holding = frozenset(manifest.get("apps") or unit_app_labels()) & unit_app_labels()
    if manifest["fingerprint"] != unit_fingerprint(holding):
        raise RestoreRefused(Code.INCOMPATIBLE, _(
            "Tệp sao lưu được tạo ở phiên bản cấu trúc dữ liệu khác (%(file)s, hệ thống: %(code)s): hãy khôi phục "
            "vào bản cài đặt cùng phiên bản.") % {"file": manifest["fingerprint"], "code": unit_fingerprint(holding)})
    code = as_code or manifest["code"]
    schema = schema_name_for(code)
    alias = _server(server)
    if Unit.objects.filter(code=code).exists() or _schema_taken(schema, alias):
        raise RestoreRefused(Code.CODE_TAKEN, _("Đã có đơn vị mã %(code)s: hãy khôi phục với --as MÃ_MỚI.")
                             % {"code": code}, field="code")
    try:
        kind = UnitKind.objects.get(code=manifest["kind"])
    except ObjectDoesNotExist as exc:
        raise RestoreRefused(Code.INCOMPATIBLE, _("Không có loại đơn vị %(kind)s.") % {"kind": manifest["kind"]}) from exc
    made_elsewhere = False
    try:
        # The outer transaction is the platform's; the inner one the target server's (the same when it is).
        with transaction.atomic(), on_server(alias), transaction.atomic():
            unit = Unit.objects.create(
                code=code, name=manifest["name"], kind=kind, schema_name=schema, database=alias,
                parent=Unit.objects.filter(code=manifest["parent"]).first() if manifest["parent"] else None,
                status=UnitStatus.READY, ready_at=timezone.now(), provisioned_method="restore",
                migration_fingerprint=code_fingerprint())
            _restore_shared(members["shared.json"], unit, new_code=code != manifest["code"])
            if not unit.domains.exists():
                Domain.objects.create(domain=default_domain(unit), tenant=unit, is_primary=True)
            made_elsewhere = alias != DEFAULT
            _create_schema(schema, Method.CLONE, holding)
            _fill_schema(schema, manifest, members)
    except BaseException:
        if made_elsewhere:
            _drop_schema_on(alias, schema)
        raise
    return unit
