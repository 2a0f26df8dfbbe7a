"""The tasks of the departments a person heads (or was let oversee): assigned to their people, shared with them as
co-workers, or given to the department by name - one condition, for the list's own query. Departments are the
documents module's (modules.documents.services.departments)."""

from django.db.models import Exists, OuterRef, Q

from modules.documents.services import departments
from modules.worktasks.models import TaskCoworker


def overseen_q(user) -> Q:
    heads, names = departments.overseen(user)
    if not heads and not names:
        return Q(pk__in=[])
    people = departments.people_of(heads)
    return (Q(assignee_id__in=people) | Q(department__in=names)
            | Q(Exists(TaskCoworker.objects.filter(task=OuterRef("pk"), person_id__in=people))))
