"""What a module does when its unit ends in an administrative reorganisation (docs/ict/reorganisation.md).

The reorganisation (tenants.services.reorganisation) sends two hooks to each old unit, in the old unit's schema:

- `reorganisation_inventory`: tell what would move, change nothing (the dry run);
- `reorganisation_carry`: move it, inside the run's transaction for this old unit (one on every database server:
  tenants.services.unit_context.servers_atomic). A receiver writes into a successor, or into a unit that exchanged
  records with the old unit (a liên thông partner), with `tenants.services.entered(unit)` and comes back; if anything
  raises, the whole old unit's carry is rolled back and the old unit stays as it was, so a receiver must be safe to
  run again after a crash (it is: nothing it did survived). With units on several database servers, what it wrote
  into a successor may survive a platform commit that failed after the successor's server committed
  (docs/ict/scale-out.md): run again, it takes such a copy as it is (found by a mark the copy carries: the old
  record's id or code) and finishes the old side; records an earlier attempt already handed over get their
  forwarding addresses with `tenants.services.forwarding.forward_missing`.

Both receive `successors` (a tuple of Successor) and `effective` (the date the successors take over), and return a
list of CarryLine: one line per kind of record, per successor.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from core.modules.hooks import Hook


@dataclass(frozen=True)
class Successor:
    unit: object                 # tenants.models.Unit (ready, provisioned, the module enabled when it needs it)
    kind: str                    # "full" | "partial" (tenants.models.SuccessionKind)
    share: Decimal | None = None  # the part of the old unit's population/territory the plan gives it (partial)
    place_names: tuple[str, ...] = ()  # names that identify its territory in an address (its own name, old names)


@dataclass
class CarryLine:
    what: str                    # Vietnamese label of the kind of record: "Hồ sơ đang giải quyết"
    count: int                   # how many move (inventory) or moved (carry)
    successor: str | None = None  # the successor's code; None: stays with the ended unit (its read-only archive)
    needs_decision: int = 0      # how many wait for a person's decision (e.g. a split commune's dossiers)
    details: list[str] = field(default_factory=list)  # short lines for the report (codes waiting for review, ...)


reorganisation_inventory = Hook(
    "reorganisation_inventory",
    "Đơn vị sắp chấm dứt do sắp xếp lại: mô-đun liệt kê những gì sẽ chuyển cho đơn vị kế thừa, không thay đổi gì.",
    successors="tuple[Successor]: các đơn vị kế thừa", effective="date: ngày đơn vị kế thừa thay thế",
)
reorganisation_carry = Hook(
    "reorganisation_carry",
    "Đơn vị chấm dứt do sắp xếp lại: mô-đun chuyển việc đang làm sang đơn vị kế thừa trong cùng giao dịch.",
    successors="tuple[Successor]: các đơn vị kế thừa", effective="date: ngày đơn vị kế thừa thay thế",
)


def route_by_address(address: str, successors: tuple[Successor, ...]) -> Successor | None:
    """The successor a record goes to: the only one when there is one, a full one, else the one whose place name
    appears in `address` (once). None: a person decides (the review queue)."""
    if len(successors) == 1:
        return successors[0]
    full = [s for s in successors if s.kind == "full"]
    if len(full) == 1:
        return full[0]
    text = _fold(address or "")
    hits = [s for s in successors if any(_fold(name) and _fold(name) in text for name in s.place_names)]
    return hits[0] if len(hits) == 1 else None


def _fold(text: str) -> str:
    from core.search.normalize import fold  # one Vietnamese folding for the whole project

    return " ".join(fold(text).split())


__all__ = ["CarryLine", "Successor", "reorganisation_carry", "reorganisation_inventory", "route_by_address"]
