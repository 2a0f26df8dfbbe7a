"""Receivers of inter-unit messages, by kind. A module registers one per kind of message it understands.

    @message_handler("onestop.transfer")
    def receive_transfer(message) -> dict | None: ...   # runs in the receiver's schema, in the receive transaction

What it returns is sent back to the sender as the reply. It must only touch the receiver's own data.
"""

from collections.abc import Callable

_handlers: dict[str, Callable] = {}


class UnknownMessageKind(LookupError):
    pass


def message_handler(kind: str):
    def register(func):
        if kind in _handlers and _handlers[kind] is not func:
            raise ValueError(f"a handler for message kind {kind!r} is already registered")
        _handlers[kind] = func
        return func

    return register


def handler_for(kind: str) -> Callable:
    try:
        return _handlers[kind]
    except KeyError:
        raise UnknownMessageKind(kind) from None
