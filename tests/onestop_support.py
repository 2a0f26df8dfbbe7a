"""Helpers of the one-stop API tests: a unit open for dossiers (modules on, a procedure with its process, people in
each role), and the data the example operations in graphql/operations/onestop_*.graphql work on."""

from datetime import datetime
from zoneinfo import ZoneInfo

from api_support import add_member
from django_tenants.utils import tenant_context

from core.modules.services import enable
from modules.catalogue.services import import_sample
from modules.onestop.services.actions import perform
from modules.onestop.services.intake import Application, receive
from modules.onestop.services.plans import forget_plans
from modules.procedures.services import adopt_procedure
from tenants.messaging import services as messaging
from tenants.messaging.models import OutboxMessage, OutboxStatus

HN = ZoneInfo("Asia/Ho_Chi_Minh")
PROC = "1.001612"  # household business registration: 3 working days at the counter, online or by post
STEPS = [{"name": "Thẩm định", "role": "specialist", "days": 2}, {"name": "Ký duyệt", "role": "leader", "days": 1}]
ROLES = ("receiving_officer", "specialist", "leader", "result_officer")


def open_office(unit, people_suffix: str | None = None, catalogue: bool = True) -> dict:
    """The unit with catalogue, procedures and onestop enabled, PROC adopted, and one member per role
    ({role: user}, usernames "<role>-<suffix>")."""
    forget_plans()  # plans are cached per schema name, which the next test's unit reuses
    if catalogue:
        import_sample()
    for module in ("catalogue", "procedures", "onestop"):
        enable(unit, module)
    adopt_procedure(unit, PROC, STEPS)
    suffix = people_suffix or unit.code
    return {role: add_member(unit, f"{role}-{suffix}", roles=(role,)) for role in ROLES}


def receive_at(unit, clerk, at: datetime | None = None, name: str = "Nguyễn Văn An", channel: str = "counter"):
    with tenant_context(unit):
        return receive(Application(PROC, channel, name, applicant_phone="0912345678"), actor=clerk, received_at=at)


EXAMPLE_DAY = datetime(2026, 1, 5, 9, 0, tzinfo=HN)  # the examples' dossier: 91001-260105-0001


def seed_examples(unit) -> None:
    """What the one-stop example operations use: the example administrator also serves at the counter, leads
    and processes; dossier 91001-260105-0001 is in process; a second unit 91002 takes transfers."""
    from tenants.models import Unit
    from tenants.services.provisioning import provision_unit
    from tenants.services.units import UnitRecord, record_units

    open_office(unit, people_suffix="example")
    staff = add_member(unit, "example-admin", roles=("administrator", *ROLES))
    first = receive_at(unit, staff, EXAMPLE_DAY)
    receive_at(unit, staff, EXAMPLE_DAY, name="Trần Thị Bình")  # 91001-260105-0002: for the example action
    with tenant_context(unit):
        perform(first.code, "start", actor=staff)
    record_units([UnitRecord("91002", "Xã Thử Nghiệm B", "commune", "")])
    other = Unit.objects.get(code="91002")
    provision_unit(other)
    other.refresh_from_db()
    open_office(other, people_suffix="example-b", catalogue=False)


def deliver_pending(unit) -> list[str]:
    """Deliver the unit's pending messages between units, oldest first, as the worker would; their outcomes."""
    with tenant_context(unit):
        ids = [str(i) for i in OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
               .order_by("created_at").values_list("id", flat=True)]
    return [messaging.deliver(unit.schema_name, message_id) for message_id in ids]
