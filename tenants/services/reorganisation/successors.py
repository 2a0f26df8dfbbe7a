"""Who takes over an old unit in a plan: the Successor tuple the modules' hooks receive, and the principal successor
(the one that takes the old unit's people and messages)."""

from core.modules.reorganisation import Successor
from tenants.models import Unit
from tenants.services.reorganisation.plan import FULL, NewUnit, OldPart, Plan

# Type words that open a unit's name: an address may name the place without them ("Quỳnh Thắng, Quỳnh Lưu").
_TYPE_WORDS = ("Thành phố ", "Thị trấn ", "Thị xã ", "Đặc khu ", "Phường ", "Huyện ", "Quận ", "Tỉnh ", "Xã ")


def bare_name(name: str) -> str:
    for word in _TYPE_WORDS:
        if name.startswith(word):
            return name[len(word):]
    return name


def place_names(new: NewUnit, old_names: dict[str, str]) -> tuple[str, ...]:
    """The names that identify a new unit's territory in an address: its own, and those of the old units it takes
    whole (an old commune's name still written on a dossier's address)."""
    names = [new.name, bare_name(new.name)]
    for old in new.olds:
        if old.succession == FULL and old.code in old_names:
            names += [old_names[old.code], bare_name(old_names[old.code])]
    return tuple(dict.fromkeys(n for n in names if n))


def successors_of(old_code: str, takers: list[tuple[NewUnit, OldPart]], units: dict[str, Unit],
                  old_names: dict[str, str]) -> tuple[Successor, ...]:
    """The Successor tuple for one old unit, in code order; `units` maps new codes to their Unit (saved, or a
    stand-in in a dry run)."""
    return tuple(Successor(unit=units[new.code], kind=part.succession, share=part.share,
                           place_names=place_names(new, old_names))
                 for new, part in sorted(takers, key=lambda t: t[0].code))


def principal(takers: list[tuple[NewUnit, OldPart]]) -> NewUnit:
    """The one that takes the old unit's people and messages: the one that takes it whole, else the largest share, else
    the first by code (tenants.services.units_over_time.principal_successor reads the same rule back from the recorded
    successions)."""
    ordered = sorted(takers, key=lambda t: (t[1].succession != FULL, -(t[1].share or 0), t[0].code))
    return ordered[0][0]


def ending(plan: Plan) -> dict[str, list[tuple[NewUnit, OldPart]]]:
    """old code -> its takers, for the old units that end (not continued under their own code)."""
    return {code: takers for code, takers in plan.takers().items()
            if not any(new.kept_code == code for new, _part in takers)}


def continuing(plan: Plan) -> dict[str, list[tuple[NewUnit, OldPart]]]:
    """old code -> its takers, for the old units a new unit continues (the new unit has their code)."""
    return {code: takers for code, takers in plan.takers().items()
            if any(new.kept_code == code for new, _part in takers)}
