"""Checking a plan as a whole against this installation: every problem listed at once, so a plan is fixed in one pass;
a plan with any problem is refused and nothing changes."""

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Unit, UnitKind, UnitStatus
from tenants.naming import validate_code
from tenants.services.across_schemas import across_servers
from tenants.services.reorganisation.plan import FULL, PARTIAL, Plan

SHARE_TOLERANCE = Decimal("0.001")


class PlanRefused(ValidationError):
    """The plan has problems; nothing was changed. `.messages` lists every one."""


def validate(plan: Plan, today: date) -> list[str]:
    problems = list(plan.problems)
    if plan.effective_on is None:
        problems.append(_("Thiếu ngày hiệu lực (--effective hoặc effective_on trong tệp)."))
    if not plan.units:
        problems.append(_("Kế hoạch không có đơn vị mới nào."))
        return problems
    olds = plan.old_codes()
    known = {u.code: u for u in Unit.objects.filter(code__in=olds + [u.code for u in plan.units]
                                                     + [u.parent_code for u in plan.units if u.parent_code])}
    kinds = set(UnitKind.objects.values_list("code", flat=True))
    takers = plan.takers()
    ending = {code for code in olds if not any(u.kept_code == code for u, _part in takers[code])}
    problems += _new_units(plan, known, kinds, ending)
    problems += _old_units(plan, known, takers)
    problems += _parents(plan, known, ending)
    if plan.effective_on is not None and plan.effective_on < today:
        problems += _work_after(plan.effective_on, [known[c] for c in olds if c in known])
    return problems


def _new_units(plan: Plan, known: dict[str, Unit], kinds: set[str], ending: set[str]) -> list[str]:
    problems = []
    for code, n in Counter(u.code for u in plan.units).items():
        if n > 1:
            problems.append(_("Đơn vị mới %(code)s xuất hiện %(n)d lần.") % {"code": code, "n": n})
    for unit in plan.units:
        try:
            validate_code(unit.code)
        except ValidationError as exc:
            problems.append(f"{unit.code}: {exc.messages[0]}")
        if unit.kind not in kinds:
            problems.append(_("Đơn vị mới %(code)s: loại đơn vị không có: %(kind)r") % {"code": unit.code, "kind": unit.kind})
        for old, n in Counter(o.code for o in unit.olds).items():
            if n > 1:
                problems.append(_("Đơn vị mới %(code)s nhận đơn vị cũ %(old)s %(n)d lần.") % {
                    "code": unit.code, "old": old, "n": n})
        existing = known.get(unit.code)
        if existing is not None and unit.kept_code is None:
            problems.append(_("Mã %(code)s của đơn vị mới đã là mã của đơn vị %(name)s, không nằm trong các đơn vị cũ "
                              "nó nhận.") % {"code": unit.code, "name": existing.name})
    return problems


def _old_units(plan: Plan, known: dict[str, Unit], takers: dict) -> list[str]:
    problems = []
    for code, taken in takers.items():
        unit = known.get(code)
        if unit is None:
            problems.append(_("Không có đơn vị cũ mã %(code)s trong hệ thống.") % {"code": code})
        elif unit.ended_on is not None:
            problems.append(_("Đơn vị cũ %(code)s đã chấm dứt từ ngày %(day)s.") % {"code": code, "day": unit.ended_on})
        elif unit.status != UnitStatus.READY:
            problems.append(_("Đơn vị cũ %(code)s chưa sẵn sàng (trạng thái %(status)s).") % {
                "code": code, "status": unit.get_status_display()})
        news = [u.code for u, _part in taken]
        kept_by = [u.code for u, _part in taken if u.kept_code == code]
        fulls = [u.code for u, part in taken if part.succession == FULL]
        if kept_by and len(taken) > 1 and any(part.succession == FULL for _u, part in taken):
            problems.append(_("Đơn vị %(code)s vừa được giữ lại (mã của đơn vị mới %(kept)s) vừa được sáp nhập toàn bộ "
                              "hoặc chia cho %(others)s.") % {
                "code": code, "kept": kept_by[0], "others": ", ".join(c for c in news if c != code)})
        elif len(fulls) > 1 or (fulls and len(taken) > 1):
            problems.append(_("Đơn vị cũ %(code)s được nhận toàn bộ nhưng xuất hiện ở %(n)d đơn vị mới: %(news)s.") % {
                "code": code, "n": len(taken), "news": ", ".join(news)})
        partial = [part for _u, part in taken if part.succession == PARTIAL]
        if partial and len(taken) < 2:
            problems.append(_("Đơn vị cũ %(code)s được nhận một phần nhưng chỉ có một đơn vị mới nhận (%(news)s): các "
                              "phần phải phủ hết đơn vị cũ (ít nhất hai đơn vị mới).") % {"code": code, "news": news[0]})
        shares = [part.share for part in partial]
        if partial and any(s is not None for s in shares):
            if any(s is None for s in shares):
                problems.append(_("Đơn vị cũ %(code)s: có phần ghi tỷ lệ, có phần không.") % {"code": code})
            elif abs(sum(shares) - 1) > SHARE_TOLERANCE:
                problems.append(_("Đơn vị cũ %(code)s: tổng tỷ lệ các phần là %(total)s, phải bằng 1.") % {
                    "code": code, "total": sum(shares)})
    return problems


def _parents(plan: Plan, known: dict[str, Unit], ending: set[str]) -> list[str]:
    problems = []
    new_parent = {u.code: u.parent_code for u in plan.units}
    for unit in plan.units:
        parent = unit.parent_code
        if not parent or parent in new_parent:
            pass
        elif parent not in known:
            problems.append(_("Đơn vị mới %(code)s: không có đơn vị cấp trên mã %(parent)s.") % {
                "code": unit.code, "parent": parent})
        elif parent in ending or known[parent].ended_on is not None:
            problems.append(_("Đơn vị mới %(code)s: đơn vị cấp trên %(parent)s chấm dứt.") % {
                "code": unit.code, "parent": parent})
    cycles = set()
    for unit in plan.units:
        chain, parent = [unit.code], unit.parent_code
        while parent in new_parent:
            if parent in chain:
                loop = chain[chain.index(parent):]
                if frozenset(loop) not in cycles:
                    cycles.add(frozenset(loop))
                    problems.append(_("Vòng lặp cấp trên: %(chain)s.") % {"chain": " -> ".join([*loop, parent])})
                break
            chain.append(parent)
            parent = new_parent[parent]
    # A live unit left under an old unit that ends (a department of a merged province, a commune the plan forgot).
    in_plan = {u.code for u in plan.units} | set(plan.old_codes())
    left = (Unit.objects.filter(parent__code__in=ending, ended_on__isnull=True).exclude(code__in=in_plan)
            .select_related("parent").order_by("code"))
    for unit in left:
        problems.append(_("Đơn vị %(code)s %(name)s trực thuộc %(parent)s (chấm dứt) nhưng không có trong kế hoạch.")
                        % {"code": unit.code, "name": unit.name, "parent": unit.parent.code})
    return problems


def _work_after(effective: date, olds: list[Unit]) -> list[str]:
    """An effective date in the past is refused for an old unit that has worked since it (its audit log): carrying
    out would move work done under the old unit as if done before the change."""
    since = timezone.make_aware(datetime.combine(effective, time.min))
    schemas = {u.schema_name: u for u in olds if u.status == UnitStatus.READY}
    rows = across_servers(schemas, "SELECT '{schema}', count(*), max(at) FROM \"{schema}\".audit_auditentry "
                                   "WHERE at >= %(since)s HAVING count(*) > 0", {"since": since},
                          table="audit_auditentry")
    return [_("Ngày hiệu lực %(day)s đã qua nhưng đơn vị %(code)s còn làm việc sau ngày đó (%(n)d thao tác, lần cuối "
              "%(last)s).") % {"day": effective.strftime("%d/%m/%Y"), "code": schemas[schema].code, "n": n,
                               "last": timezone.localtime(last).strftime("%d/%m/%Y %H:%M")}
            for schema, n, last in rows]
