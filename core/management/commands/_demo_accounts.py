"""The demo's accounts: the ICT department's superuser, and in the clerk's commune and its district one person per
role, so that what each role may do (and may not) can be tried. Created once; an account that exists keeps its
password and gains only the roles it lacks. Once the pilot is reorganised (`egov demo --reorganise`), the accounts are
those of the units that carry the commune and the district on.

Demo-only: the passwords are published here. Never run the demo on a real installation (`egov demo` refuses in
production mode).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

ICT_USER = ("ict-demo", "ict-demo-2025")
STAFF_PASSWORD = "egov-demo-2025"
COMMUNE = "17509"  # Xã Mã Thành, huyện Yên Thành
DISTRICT = "426"  # Huyện Yên Thành: takes the procedures its communes hand over (_demo_content.py)


@dataclass(frozen=True)
class StaffAccount:
    username: str
    unit: str
    role: str
    first_name: str  # given name
    last_name: str  # family and middle names
    what: str  # what the account is for, in the banner


STAFF = [
    StaffAccount("xa-quantri", COMMUNE, "administrator", "Quản", "Trần Văn", "the unit admin: members, roles, settings"),
    StaffAccount("xa-tiepnhan", COMMUNE, "receiving_officer", "Nhận", "Lê Thị", "receives dossiers at the counter"),
    StaffAccount("xa-chuyenvien", COMMUNE, "specialist", "Xử", "Phạm Văn",
                 "processes them, hands 1.001612 over to the district"),
    StaffAccount("xa-lanhdao", COMMUNE, "leader", "Duyệt", "Nguyễn Văn", "signs"),
    StaffAccount("xa-traketqua", COMMUNE, "result_officer", "Trả", "Hoàng Thị", "returns results"),
    StaffAccount("huyen-tiepnhan", DISTRICT, "receiving_officer", "Tiếp", "Võ Thị", "the district: checks what arrives"),
    StaffAccount("huyen-chuyenvien", DISTRICT, "specialist", "Thẩm", "Đặng Văn", "the district: processes it"),
    StaffAccount("huyen-lanhdao", DISTRICT, "leader", "Ký", "Bùi Văn", "the district: decides"),
]


def _said_after_reorganisation(what: str, district) -> str:
    """Once the district has ended, the banner names the unit that carries it on."""
    if district.code == DISTRICT:
        return what
    return what.replace("the district", f"{district.name}, which carries the district on")


@transaction.atomic
def create_demo_accounts(out) -> list[str]:
    """Create what is missing; return the banner's lines, one per account."""
    from core.accounts.services import grant_membership, role_names
    from tenants.models import UnitStatus

    User = get_user_model()
    username, password = ICT_USER
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, f"{username}@example.invalid", password, first_name="ICT",
                                      last_name="Demo")
        out.write(f"Created the ICT superuser {username}.")
    lines = [f"{username:<17} {password:<15} ICT department (superuser): the platform admin"]

    from tenants.services.units_over_time import forwarded

    # After `egov demo --reorganise` the commune and the district have ended: their staff work in the units that
    # carry them on (where the reorganisation moved their memberships), and a later `egov demo` finds them there.
    units = {code: forwarded(code) for code in {a.unit for a in STAFF}}
    for code, unit in units.items():
        if unit is None or unit.status != UnitStatus.READY:
            raise CommandError(f"unit {code} is not ready; run `egov demo` again once provisioning succeeds")
    created = []
    for account in STAFF:
        unit = units[account.unit]
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User.objects.create_user(account.username, f"{account.username}@example.invalid", STAFF_PASSWORD,
                                            first_name=account.first_name, last_name=account.last_name)
            created.append(account.username)
        grant_membership(user, unit, [account.role])
        role = role_names(unit).get(account.role, account.role)
        lines.append(f"{account.username:<17} {STAFF_PASSWORD:<15} {role} - {unit.code} {unit.name}: "
                     f"{_said_after_reorganisation(account.what, units[DISTRICT])}")
    if created:
        out.write(f"Created {len(created)} unit staff accounts, one role each: {', '.join(created)}.")
    return lines
