"""The dry run: per new unit, what would move into it and what waits for a person's decision. Changes nothing: each
old unit's modules answer `reorganisation_inventory`, the platform counts its own parts (people, messages in flight)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from core.modules import hooks
from core.modules.reorganisation import CarryLine, reorganisation_inventory
from tenants.models import Unit, UnitKind
from tenants.naming import schema_name_for
from tenants.services.reorganisation.plan import FULL, Plan
from tenants.services.reorganisation.successors import continuing, ending, principal, successors_of
from tenants.services.reorganisation.validation import validate


@dataclass
class NewUnitReport:
    code: str
    name: str
    kind: str
    parent_code: str
    continues: str | None          # the old unit whose code (schema, data) it continues, if any
    olds: list[tuple[str, str, str]]  # (code, "full"/"partial", share or "")
    lines: list[CarryLine] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)


@dataclass
class Report:
    plan: Plan
    units: list[NewUnitReport]
    archives: dict[str, list[CarryLine]]   # old code -> what stays in its read-only archive
    problems: list[str]

    @property
    def needs_decision(self) -> int:
        return sum(len(u.decisions) for u in self.units)


def stand_ins(plan: Plan) -> dict[str, Unit]:
    """new code -> its Unit: the recorded one when it exists (a continuing unit, or a run resumed), else an unsaved
    stand-in carrying the code, name and kind (a dry-run receiver never enters it)."""
    found = {u.code: u for u in Unit.objects.select_related("kind").filter(code__in=[n.code for n in plan.units])}
    kinds = {k.code: k for k in UnitKind.objects.all()}
    for new in plan.units:
        if new.code not in found:
            found[new.code] = Unit(code=new.code, name=new.name, kind=kinds.get(new.kind), schema_name=schema_name_for(new.code))
    return found


def platform_lines(members: int, in_flight: int, principal_code: str, unsent: int = 0) -> list[CarryLine]:
    """What the platform itself moves from an old unit: its members (with their roles), the messages in flight to it
    and those it had sent that have not arrived (sent again by the successor holding what each is about, else the
    principal one: counted under the principal)."""
    lines = [CarryLine(_("Thành viên (giữ vai trò, chờ quản trị xác nhận)"), members, principal_code)]
    if in_flight:
        lines.append(CarryLine(_("Thư giữa các đơn vị đang gửi đến (chuyển địa chỉ)"), in_flight, principal_code))
    if unsent:
        lines.append(CarryLine(_("Thư đơn vị cũ đã gửi chưa đến nơi (đơn vị kế thừa gửi lại)"), unsent, principal_code))
    return lines


def _counts(olds: list[Unit]) -> dict[str, tuple[int, int]]:
    """old code -> (active members, messages other units still send it), for all the old units at once."""
    from core.accounts.models import Membership
    from tenants.messaging.services import pending_counts

    members = dict(Membership.objects.filter(unit__in=olds, is_active=True).values("unit__code")
                   .annotate(n=Count("pk")).values_list("unit__code", "n"))
    pending = pending_counts([u.code for u in olds])
    return {u.code: (members.get(u.code, 0), pending.get(u.code, 0)) for u in olds}


def _unsent(olds: list[Unit]) -> dict[str, int]:
    from tenants.messaging.services import unsent_counts

    return unsent_counts(olds)


def dry_run(plan: Plan, today: date) -> Report:
    problems = validate(plan, today)
    if problems:
        return Report(plan, [], {}, problems)
    units = stand_ins(plan)
    olds = {u.code: u for u in Unit.objects.select_related("kind").filter(code__in=plan.old_codes())}
    old_names = {code: u.name for code, u in olds.items()}
    reports = {new.code: NewUnitReport(new.code, new.name, new.kind, new.parent_code, new.kept_code,
                                       [(o.code, o.succession, str(o.share or "")) for o in new.olds])
               for new in plan.units}
    archives: dict[str, list[CarryLine]] = {}
    counts = _counts([olds[code] for code in ending(plan)])
    unsent = _unsent([olds[code] for code in ending(plan)])
    for code, takers in sorted(ending(plan).items()):
        old = olds[code]
        successors = successors_of(code, takers, units, old_names)
        lines = [line for _module, answer in hooks.send(reorganisation_inventory, old, successors=successors,
                                                        effective=plan.effective_on) for line in (answer or [])]
        lines += platform_lines(*counts[code], principal(takers).code, unsent.get(code, 0))
        for line in lines:
            line.details = [f"{code}: {d}" for d in line.details]
            if line.successor is None:
                archives.setdefault(code, []).append(line)
                continue
            target = reports.get(line.successor)
            if target is None:
                continue
            target.lines.append(CarryLine(f"{line.what} ({_('từ')} {code})", line.count, line.successor,
                                          line.needs_decision, line.details))
            if line.needs_decision:
                target.decisions.append(_("%(n)d %(what)s của %(code)s chờ người quyết định đơn vị nhận") % {
                    "n": line.needs_decision, "what": line.what.lower(), "code": code})
    for code, takers in continuing(plan).items():
        keeper = next(new for new, _part in takers if new.kept_code == code)
        for new, _part in takers:
            if new is not keeper:
                reports[new.code].decisions.append(_(
                    "Phần của %(code)s nhận một phần vẫn ở %(code)s (tiếp tục với tên %(name)s): chuyển từng hồ sơ "
                    "khi cần") % {"code": code, "name": keeper.name})
        if keeper.name != olds[code].name:
            reports[keeper.code].decisions.append(_("%(code)s đổi tên %(old)s -> %(new)s") % {
                "code": code, "old": olds[code].name, "new": keeper.name})
    return Report(plan, list(reports.values()), archives, [])


def render(report: Report) -> str:
    """The dry run as text, per new unit (the command prints it)."""
    plan = report.plan
    out = [_("Kế hoạch %(src)s: %(n)d đơn vị mới, %(m)d đơn vị cũ, hiệu lực %(day)s, quyết định %(decision)s") % {
        "src": plan.source, "n": len(plan.units), "m": len(plan.old_codes()), "day": plan.effective_on,
        "decision": plan.decision or "-"}]
    if report.problems:
        out.append(_("Kế hoạch bị từ chối, %(n)d vấn đề (không thay đổi gì):") % {"n": len(report.problems)})
        out += [f"  - {p}" for p in report.problems]
        return "\n".join(out)
    for unit in report.units:
        head = f"\n{unit.code} {unit.name} ({unit.kind}"
        head += (", " + _("tiếp tục đơn vị %(code)s") % {"code": unit.continues} if unit.continues else ", " + _("mới"))
        out.append(head + ")")
        out.append("  " + _("từ") + ": " + ", ".join(
            f"{c} ({_('toàn bộ') if k == FULL else _('một phần')}{' ' + s if s else ''})" for c, k, s in unit.olds))
        for line in unit.lines:
            out.append(f"  {line.count:>7}  {line.what}")
        for decision in unit.decisions:
            out.append("  " + _("cần quyết định") + f": {decision}")
    if report.archives:
        out.append("\n" + _("Ở lại lưu trữ của đơn vị cũ (chỉ đọc):"))
        for code, lines in sorted(report.archives.items()):
            out += [f"  {code}: {line.count} {line.what}" for line in lines]
    if plan.skipped_olds or plan.skipped_news:
        out.append("\n" + _("Không có trong hệ thống này, bỏ qua: %(n)d đơn vị cũ, %(m)d đơn vị mới") % {
            "n": len(plan.skipped_olds), "m": len(plan.skipped_news)})
        out.append("  " + _("đơn vị cũ") + ": " + ", ".join(plan.skipped_olds[:200]))
        out.append("  " + _("đơn vị mới") + ": " + ", ".join(plan.skipped_news[:200]))
    out.append("\n" + _("Cần người quyết định: %(n)d mục.") % {"n": report.needs_decision})
    return "\n".join(out)
