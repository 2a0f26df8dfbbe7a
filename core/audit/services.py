"""The audit log of the unit the connection is in: `record` appends an entry (in the caller's transaction, so a
change and its entry commit or roll back together), `verify` walks the chain and names the first broken entry,
`export` writes every entry and the chain's head as JSON lines. Nothing here updates or deletes an entry.

Appending takes a per-unit transaction lock: entries of one unit are chained one after the other, so two
concurrent writers of the same unit wait for each other's commit (other units are not affected)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from core.audit.chain import GENESIS, entry_hash
from core.audit.models import AuditEntry

_LOCK_CLASS = 0x4155  # "AU": the first key of the per-unit advisory lock


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _actor(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, ""
    if isinstance(actor, int):
        return actor, ""
    name = getattr(actor, "get_full_name", lambda: "")() or getattr(actor, "username", "") or ""
    return actor.pk, name[:200]


@transaction.atomic
def record(action: str, *, object_type: str, object_id="", object_label: str = "", actor=None,
           at: datetime | None = None, data: dict | None = None) -> AuditEntry:
    """Append one entry to the current unit's log: `actor` a person (or their id; None for the system), `action` what
    was done, the object by type ("documents.document"), id and a label people read (a number and symbol)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", [_LOCK_CLASS])
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    actor_id, actor_name = _actor(actor)
    fields = {"seq": seq, "at": at or timezone.now(), "actor_id": actor_id, "actor": actor_name, "action": action,
              "object_type": object_type, "object_id": str(object_id), "object_label": (object_label or "")[:300],
              "data": _jsonable(data or {})}
    return AuditEntry.objects.create(prev_hash=prev, hash=entry_hash(prev, **fields), **fields)


@dataclass(frozen=True)
class Verification:
    entries: int  # entries read
    head: str  # the hash of the last entry (GENESIS for an empty log)
    broken_seq: int | None = None  # the first entry that does not fit the chain
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _fields(row: AuditEntry) -> dict:
    return {"seq": row.seq, "at": row.at, "actor_id": row.actor_id, "actor": row.actor, "action": row.action,
            "object_type": row.object_type, "object_id": row.object_id, "object_label": row.object_label,
            "data": row.data}


def verify() -> Verification:
    """Walk the current unit's chain in order. The first entry whose number, link or content does not fit is named:
    an edited row fails its own hash, a deleted one leaves a gap in the numbers and a link to nothing, an inserted
    one a link that does not match."""
    prev, expected, count = GENESIS, 1, 0
    for row in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if row.seq != expected:
            return Verification(count, prev, row.seq, f"expected entry #{expected}, found #{row.seq}")
        if row.prev_hash != prev:
            return Verification(count, prev, row.seq, "link to the previous entry does not match")
        if entry_hash(prev, **_fields(row)) != row.hash:
            return Verification(count, prev, row.seq, "content does not match its hash")
        prev, expected = row.hash, expected + 1
    return Verification(count, prev)


def entries_for(object_type: str, object_id) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("seq"))


def export() -> Iterator[str]:
    """The current unit's log as JSON lines: every entry with its hashes, then {"head": ..., "entries": n}, so the
    export can be checked on its own and compared with a later one (a later log must extend this head)."""
    prev, count = GENESIS, 0
    for row in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        fields = _fields(row)
        fields["at"] = row.at.isoformat()
        yield json.dumps({**fields, "prev_hash": row.prev_hash, "hash": row.hash}, ensure_ascii=False)
        prev, count = row.hash, count + 1
    yield json.dumps({"head": prev, "entries": count})


__all__ = ["GENESIS", "Verification", "entries_for", "export", "record", "verify"]
