"""Database ids from untrusted input (GraphQL arguments, URL parts, form fields).

`str.isdigit()` is not the test: it accepts "²" and "٣", which int() then refuses (a server error), and a long run
of digits overflows PostgreSQL's bigint (another). An id is 1-18 ASCII digits; anything else is no id at all.
"""

import re

_ID = re.compile(r"[0-9]{1,18}")


def object_id(value) -> int | None:
    """The id `value` names, or None when it names none (never an exception)."""
    text = "" if value is None else str(value).strip()
    return int(text) if _ID.fullmatch(text) else None
