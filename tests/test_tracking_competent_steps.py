"""The citizen's look-up at a receiving point shows the competent unit's steps of a dossier received there for it
(receipt regardless of boundary), at the level of detail a local dossier's look-up has (what was done, when): the
competent unit reports each of them back, without staff names or internal notes, and the point keeps no more than
that. A unit of another province sees nothing."""

import json
from datetime import timedelta

from django_tenants.utils import tenant_context
from test_onestop_receipt_anywhere import MONDAY, at_commune, deliver_pending
from test_onestop_receipt_anywhere import province as province_fixture  # noqa: F401 - a fixture

from modules.onestop.models import DossierEvent
from modules.onestop.services.actions import perform
from modules.onestop.services.transfer_messages import PROGRESS
from modules.tracking.services.lookup import STEP_LABELS, lookup
from tenants.messaging.models import OutboxMessage

NOTE = "Ghi chú nội bộ: chờ ý kiến phòng Hộ tịch"


def test_the_points_look_up_shows_the_competent_units_steps_without_names_or_notes(province_fixture):  # noqa: F811 - the fixture
    department, commune, stranger, dept, com = province_fixture
    code = at_commune(commune, com["receiving_officer"]).code
    deliver_pending(commune)
    day = MONDAY + timedelta(days=1)
    steps = [("start", dept["receiving_officer"], {}), ("forward", dept["specialist"], {}),
             ("pause", dept["leader"], {"reason": NOTE}), ("resume", dept["leader"], {}),
             ("approve", dept["leader"], {})]
    with tenant_context(department):
        for n, (action, actor, kwargs) in enumerate(steps):
            perform(code, action, actor=actor, at=day + timedelta(hours=n), **kwargs)
        reports = [m.payload for m in OutboxMessage.objects.filter(kind=PROGRESS).order_by("created_at")]
        done_there = [(e.action, e.at) for e in DossierEvent.objects.filter(dossier__code=code).order_by("at", "id")
                      if e.action in STEP_LABELS and e.action != "receive_transfer"]
    # One report per step, forward included (it keeps the status); none says why or who.
    assert [r["action"] for r in reports] == [a for a, _, _ in steps]
    assert {r["reason"] for r in reports} == {""}
    sent = json.dumps(reports, ensure_ascii=False)
    assert NOTE not in sent and not any(person.username in sent for person in dept.values())
    deliver_pending(department)

    seen = lookup(code, "0987654321", client="203.0.113.9")
    labels = [(s.label, s.at) for s in seen.steps]
    assert [label for label, _ in labels] == [
        "Tiếp nhận hồ sơ", "Chuyển hồ sơ đến cơ quan có thẩm quyền giải quyết", "Bắt đầu xử lý", "Chuyển bước xử lý",
        "Tạm dừng xử lý", "Tiếp tục xử lý", "Đã có kết quả"]
    # The department's steps as its own look-up would list them: same labels, same times.
    assert labels[2:] == [(str(STEP_LABELS[a]), at) for a, at in done_there]

    with tenant_context(commune):  # what the point keeps of them: the step and its time, nobody's name, no note
        kept = list(DossierEvent.objects.filter(dossier__code=code, action__startswith="remote:"))
    assert len(kept) == 5 and {(e.actor_id, e.reason) for e in kept} == {(None, "")}
    assert all(NOTE not in json.dumps(e.data, ensure_ascii=False) for e in kept)
    with tenant_context(stranger):
        assert not DossierEvent.objects.filter(dossier__code=code).exists()
