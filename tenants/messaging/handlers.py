"""Receivers of inter-unit messages, by kind, and what the sender does when one of its messages finally fails.

    @message_handler("onestop.transfer")
    def receive_transfer(message) -> dict | None: ...   # runs in the receiver's schema, in the receive transaction

What it returns is sent back to the sender as the reply. It must only touch the receiver's own data. A handler that
can never accept the message (it names a dossier the receiver does not hold, a procedure it does not take) raises
MessageRefused: nothing it did is kept and the message fails at once instead of being retried.

    @failure_handler("onestop.transfer")
    def transfer_failed(message) -> bool: ...   # runs in the SENDER's schema, in the transaction marking it failed

is called once when a message of that kind fails for good: refused by the receiver, or still undelivered after the
last retry (`message.last_error` says why). It returns True when it undid the sending (the dossier is back at the
sender): the message is then never requeued by `retry_failed()`.

    @message_subject("onestop.progress")
    def progress_subject(payload) -> tuple[str, str] | None: ...   # (forwarding kind, key): the record it is about

names the record a message is about, by its forwarding address (tenants.services.forwarding). When a unit ends in a
reorganisation, its messages still on their way - those it had sent and those sent to it - go to and from the
successor that holds that record now (a split unit's dossier is at one of several successors), and only when the
kind names none, or the record did not move, to the principal successor.
"""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}
_failure_handlers: dict[str, Callable] = {}
_subjects: dict[str, Callable] = {}


class UnknownMessageKind(LookupError):
    pass


class MessageRefused(Exception):
    """The receiver refuses the message for good: a machine-readable code and a message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _register(registry: dict[str, Callable], kind: str, what: str):
    def register(func):
        if kind in registry and registry[kind] is not func:
            raise ValueError(f"a {what} for message kind {kind!r} is already registered")
        registry[kind] = func
        return func

    return register


def message_handler(kind: str):
    return _register(_handlers, kind, "handler")


def failure_handler(kind: str):
    return _register(_failure_handlers, kind, "failure handler")


def message_subject(kind: str):
    return _register(_subjects, kind, "subject")


def subject_of(kind: str, payload) -> tuple[str, str] | None:
    """(forwarding kind, key) of the record a message is about, or None when its kind names none."""
    subject = _subjects.get(kind)
    return subject(payload) if subject is not None and isinstance(payload, dict) else None


def handler_for(kind: str) -> Callable:
    try:
        return _handlers[kind]
    except KeyError:
        raise UnknownMessageKind(kind) from None


def failure_handler_for(kind: str) -> Callable | None:
    return _failure_handlers.get(kind)
