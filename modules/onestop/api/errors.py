"""The one-stop services' refusals as typed mutation errors: OnestopError and TransitionError keep their code and
message; the field is the one the service named (camelCase), or the argument the code is about, and null when the
mutation has no such argument (the whole request)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from graphene.utils.str_converters import to_camel_case

from core.api.mutations.base import MutationError
from modules.onestop.services.errors import OnestopError
from modules.onestop.services.transitions import TransitionError

# The argument a code is about, when the service names no field.
FIELD_OF_CODE = {
    "NOT_FOUND": "code",
    "UNKNOWN_ACTION": "action",
    "INVALID_TRANSITION": "action",
    "FORBIDDEN_ROLE": "action",
    "NO_NEXT_STEP": "action",
    "SUPPLEMENT_ALREADY_REQUESTED": "action",
    "REASON_REQUIRED": "reason",
    "ITEMS_REQUIRED": "data",
    "DEADLINE_REFUSED": "data",
}
# Service field names that the API calls otherwise.
RENAMED = {"items": "data"}


def field_of(code: str, service_field: str = "", arguments: Iterable[str] | None = None) -> str | None:
    field = to_camel_case(RENAMED.get(service_field, service_field)) if service_field else FIELD_OF_CODE.get(code)
    if field is not None and arguments is not None and field not in arguments:
        return None
    return field


@contextmanager
def typed_errors(arguments: Iterable[str] | None = None) -> Iterator[None]:
    """Turn a service's refusal inside the block into the mutation's `errors` (the transaction is rolled back).
    `arguments`: the mutation's argument or input field names (camelCase); a field outside them is reported null."""
    known = None if arguments is None else set(arguments)
    try:
        yield
    except TransitionError as exc:
        raise MutationError(exc.code, str(exc), field=field_of(exc.code, "", known)) from exc
    except OnestopError as exc:
        raise MutationError(exc.code, str(exc), field=field_of(exc.code, exc.field, known)) from exc
