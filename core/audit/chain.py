"""The hash that links an audit entry to the one before it: SHA-256 over the previous hash and the entry's fields in
a canonical JSON form (sorted keys, UTC time with microseconds). Changing any field, or the order, changes it."""

import hashlib
import json
from datetime import UTC, datetime

GENESIS = "0" * 64  # the "previous hash" of a unit's first entry


def entry_hash(prev_hash: str, *, seq: int, at: datetime, actor_id, actor: str, action: str, object_type: str,
               object_id: str, object_label: str, data: dict) -> str:
    body = {"seq": seq, "at": at.astimezone(UTC).isoformat(timespec="microseconds"), "actor_id": actor_id,
            "actor": actor, "action": action, "object_type": object_type, "object_id": object_id,
            "object_label": object_label, "data": data}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()
