"""Departments inside a unit (phòng, ban): define one with its head and people, let a deputy follow one (a
django-guardian object permission), and what a person oversees - read once per request, so that lists filter by it
inside their own single query (services/access.py).

A directive's part and a task name a department by its name (Assignment.department, worktasks' Task.department): the
name is the key, one way, whatever screen or API wrote it."""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.services import is_member
from core.audit import services as audit
from core.objectperms.services import grant, granted
from modules.documents.models import Department, DepartmentMember
from modules.documents.services.errors import DocumentsCode, DocumentsError

OVERSEE = "documents.oversee_department"


def _members_of_unit(person_ids) -> None:
    people = {p.pk: p for p in get_user_model().objects.filter(pk__in=[p for p in person_ids if p])}
    for pk in person_ids:
        if pk and (pk not in people or not is_member(people[pk], connection.tenant)):
            raise DocumentsError(DocumentsCode.INVALID_DATA, _(
                "Người được chọn không phải thành viên phù hợp của đơn vị."), field="person_id")


@transaction.atomic
def define(name: str, *, head_id: int | None = None, member_ids=(), actor=None, at=None) -> Department:
    """A department by name, created or updated: its head and its people (a person leaves any other department)."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise DocumentsError(DocumentsCode.REQUIRED, _("Cần nhập tên phòng, ban (tối đa 200 ký tự)."), field="name")
    member_ids = list(dict.fromkeys(int(m) for m in member_ids))
    _members_of_unit([head_id, *member_ids])
    department, _created = Department.objects.update_or_create(name=name, defaults={"head_id": head_id})
    DepartmentMember.objects.filter(person_id__in=member_ids).exclude(department=department).delete()
    DepartmentMember.objects.filter(department=department).exclude(person_id__in=member_ids).delete()
    for person_id in member_ids:
        DepartmentMember.objects.get_or_create(department=department, person_id=person_id)
    audit.record("define_department", object_type="documents.department", object_id=department.pk,
                 object_label=name, actor=actor, at=at or timezone.now(),
                 data={"head": head_id, "members": member_ids})
    return department


@transaction.atomic
def let_oversee(department_id: int, person_id: int, *, actor=None, at=None) -> None:
    """A deputy (or anyone the unit names) follows the department's routing as its head does."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        raise DocumentsError(DocumentsCode.NOT_FOUND, _("Không tìm thấy phòng, ban %(id)s.") % {"id": department_id},
                             field="department_id", status=404)
    _members_of_unit([person_id])
    grant(OVERSEE, person_id, department)
    audit.record("oversee_department", object_type="documents.department", object_id=department.pk,
                 object_label=department.name, actor=actor, at=at or timezone.now(), data={"person": person_id})


def overseen_by(user) -> Q:
    """The departments `user` heads or was let oversee (their own object permission, django-guardian's row in the
    unit, found by the permission's and content type's ids: no join into the platform's tables), as one condition."""
    return Q(head_id=user.pk) | granted(user, OVERSEE, Department, groups=False)


def overseen(user) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(ids, names) of the departments `user` oversees in the current unit; one query, kept on the user object for
    the request."""
    unit = getattr(connection, "tenant", None)
    if user is None or not getattr(user, "is_authenticated", False) or unit is None:
        return (), ()
    cached = getattr(user, "_egov_departments", None)
    if cached is None or cached[0] != unit.pk:
        rows = list(Department.objects.filter(overseen_by(user)).values_list("pk", "name"))
        cached = (unit.pk, (tuple(r[0] for r in rows), tuple(r[1] for r in rows)))
        user._egov_departments = cached
    return cached[1]


def people_of(department_ids):
    """The ids of the people of these departments, as a subquery."""
    return DepartmentMember.objects.filter(department_id__in=department_ids).values("person_id")


def department_of(person_id: int) -> str:
    return (DepartmentMember.objects.filter(person_id=person_id).values_list("department__name", flat=True).first()
            or "")


__all__ = ["OVERSEE", "define", "department_of", "let_oversee", "overseen", "overseen_by", "people_of"]
