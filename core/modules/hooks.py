"""Hooks: named events with a declared payload, delivered to the modules enabled for the unit they concern.

A module receives a hook by naming a receiver in its manifest:

    hooks={"module_enabled": "egov_sample.receivers.on_module_enabled"}

and the receiver is called as `receiver(unit, **payload)` with the connection in the unit's schema, inside the
sender's transaction: a receiver that raises undoes what the sender did, so slow work belongs in a queued task.

A module declares its own hooks in `<its app>/hooks.py`, named '<module id>.<event>':

    dossier_received = Hook("onestop.dossier_received", "Một hồ sơ vừa được tiếp nhận.", dossier_id="id hồ sơ")

and sends them with `send(dossier_received, unit, dossier_id=7)`.
"""

from typing import Any

_HOOKS: dict[str, "Hook"] = {}


class Hook:
    """A hook's name, what it means and the payload fields every send must give (field name -> what it holds)."""

    def __init__(self, name: str, doc: str = "", **payload: str):
        from core.modules.registry import HOOK_NAME

        if not HOOK_NAME.match(name):
            raise ValueError(f"hook name {name!r} must be 'event' (core hooks) or '<module id>.event'")
        known = _HOOKS.get(name)
        if known is not None and known.payload != payload:
            raise ValueError(f"hook {name!r} is already declared with the payload {sorted(known.payload)}")
        self.name, self.doc, self.payload = name, doc, dict(payload)
        _HOOKS.setdefault(name, self)

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, fields={sorted(self.payload)})"


def get_hook(name: str) -> Hook | None:
    return _HOOKS.get(name)


def declared_hooks() -> dict[str, Hook]:
    """Every hook declared so far (the core's, and those of the loaded modules once the apps are ready)."""
    return dict(sorted(_HOOKS.items()))


unit_provisioned = Hook(
    "unit_provisioned", "Đơn vị vừa có schema và sẵn sàng; chỉ các mô-đun đã bật lúc đó nhận được.",
    method="cách khởi tạo schema: 'clone' hoặc 'migrate'",
)
module_enabled = Hook(
    "module_enabled", "Một mô-đun vừa được bật cho đơn vị (chính mô-đun đó cũng nhận được, sau on_installed).",
    module_id="id của mô-đun vừa bật",
)
module_disabled = Hook(
    "module_disabled", "Một mô-đun vừa được tắt cho đơn vị (chính mô-đun đó không còn nhận được).",
    module_id="id của mô-đun vừa tắt",
)


def send(hook: Hook | str, unit, **payload: Any) -> list[tuple[str, Any]]:
    """Call the receivers of the modules enabled for `unit`, in its schema; returns (module id, result) for each.

    The payload must have exactly the hook's fields (TypeError otherwise): receivers rely on them.
    """
    from core.modules.registry import receivers_of
    from core.modules.services import enabled_modules
    from tenants.services import entered

    if isinstance(hook, str):
        name, hook = hook, get_hook(hook)
        if hook is None:
            raise LookupError(f"no hook named {name!r} is declared")
    missing, unexpected = set(hook.payload) - set(payload), set(payload) - set(hook.payload)
    if missing or unexpected:
        raise TypeError(f"hook {hook.name!r} takes {sorted(hook.payload)}; "
                        f"missing {sorted(missing)}, unexpected {sorted(unexpected)}")
    receivers = receivers_of(hook.name)
    if not receivers:
        return []
    enabled = enabled_modules(unit)
    targets = [(module_id, receiver) for module_id, receiver in receivers if module_id in enabled]
    with entered(unit):
        return [(module_id, receiver(unit, **payload)) for module_id, receiver in targets]
