"""Who sees a document, and so who may act on it. Clerks and leaders of the unit see its ordinary documents; everyone
else, and everyone for a secret one, sees what the routing gave them (an Access row: drafter, leader presented to,
assignee, signer...); the head of a department (services/departments.py) also sees the ordinary documents routed to
the department's people or to the department by name. `visible_to` is one filter, evaluated in the list's single
query: never a check per object. Acting needs seeing: an action's rule (transitions.py) applies only to a document
the person may see, so a secret document is acted on only by those its routing names."""

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from core.accounts.services import role_codes
from modules.documents.models import Access, Assignment, Document
from modules.documents.services import departments

SEE_ALL = {"clerk", "leader"}


def roles_of(user) -> set[str]:
    unit = getattr(connection, "tenant", None)
    if user is None or not getattr(user, "is_authenticated", False) or unit is None:
        return set()
    cached = getattr(user, "_egov_document_roles", None)
    if cached is None or cached[0] != unit.pk:
        cached = (unit.pk, set(role_codes(user, unit)))
        user._egov_document_roles = cached
    return set(cached[1])


def grant(document: Document, person, reason: str) -> None:
    if person is not None:
        Access.objects.get_or_create(document=document, person_id=getattr(person, "pk", person), reason=reason)


def reasons(document: Document, user) -> set[str]:
    if user is None:
        return set()
    return set(Access.objects.filter(document=document, person_id=user.pk).values_list("reason", flat=True))


def visible_to(user, documents: QuerySet | None = None) -> QuerySet:
    documents = Document.objects.all() if documents is None else documents
    if user is None or not getattr(user, "is_authenticated", False):
        return documents.none()
    routed = Exists(Access.objects.filter(document=OuterRef("pk"), person_id=user.pk))
    if roles_of(user) & SEE_ALL:
        return documents.filter(Q(confidentiality="") | routed)
    heads, names = departments.overseen(user)
    if heads or names:
        # Ordinary documents routed to the department's people, or to the department by name.
        theirs = (Exists(Access.objects.filter(document=OuterRef("pk"), person_id__in=departments.people_of(heads)))
                  | Exists(Assignment.objects.filter(document=OuterRef("pk"), department__in=names)))
        return documents.filter(routed | (Q(confidentiality="") & theirs))
    return documents.filter(routed)


def scope_of(user) -> QuerySet | None:
    """The ids of every document `user` may see, as a subquery, when they see only what is routed to them (a short
    list a search looks in first); None when they see the unit's ordinary documents."""
    if roles_of(user) & SEE_ALL:
        return None
    mine = Access.objects.filter(person_id=getattr(user, "pk", None)).values("document_id")
    heads, names = departments.overseen(user)
    if heads or names:
        return mine.union(Access.objects.filter(person_id__in=departments.people_of(heads)).values("document_id"),
                          Assignment.objects.filter(department__in=names).values("document_id"))
    return mine


def can_see(user, document_id: int) -> bool:
    return visible_to(user, Document.objects.filter(pk=document_id)).exists()
