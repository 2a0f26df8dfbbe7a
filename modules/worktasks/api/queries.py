"""The work-task fields of the unit endpoint's Query: the tasks, one task, the leader's view of late work."""

import graphene
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api.connections import FilterInput, ListConnectionField, Ordering
from core.api.errors import NOT_FOUND, ApiError
from core.api.optimizer import optimize
from core.api.permissions import requires
from modules.worktasks import services
from modules.worktasks.api.inputs import is_id
from modules.worktasks.api.types import LateViewType, WorkTaskConnection, WorkTaskStatusEnum, WorkTaskType

VIEW = "worktasks.view_task"


class WorkTaskFilter(FilterInput):
    """search: tên công việc / title. late: quá hạn / past the deadline."""

    search = graphene.String()
    status = graphene.InputField(WorkTaskStatusEnum)
    assignee_id = graphene.ID()
    department = graphene.String()
    late = graphene.Boolean()

    lookups = {"status": "status", "assignee_id": "assignee_id", "department": "department"}
    search_fields = ("title",)

    @classmethod
    def filter_queryset(cls, queryset, values):
        values = {k: getattr(v, "value", v) for k, v in values.items()}
        if "assignee_id" in values and not is_id(values["assignee_id"]):
            return queryset.none()
        late = values.pop("late", None)
        queryset = super().filter_queryset(queryset, values)
        if late:
            queryset = queryset.filter(pk__in=services.late_tasks(timezone.now()).values("pk"))
        return queryset


TASK_ORDER = Ordering("WorkTaskOrder", {"DUE_AT": "due_at", "ASSIGNED_AT": "assigned_at"}, default="DUE_AT")


class Query(graphene.ObjectType):
    worktasks = ListConnectionField(WorkTaskConnection, filter=WorkTaskFilter, order_by=TASK_ORDER,
                                    description="Công việc của đơn vị. / The unit's tasks.")
    worktasks_overseen = ListConnectionField(
        WorkTaskConnection, filter=WorkTaskFilter, order_by=TASK_ORDER,
        description="Công việc của phòng, ban người gọi phụ trách (trưởng phòng hoặc được giao theo dõi): giao cho "
                    "người của phòng, có người của phòng phối hợp, hoặc giao cho phòng. / The tasks of the departments "
                    "the caller heads or was let oversee.")
    worktask = graphene.Field(WorkTaskType, id=graphene.ID(required=True),
                              description="Một công việc theo id. / One task by id.")
    worktasks_late = graphene.Field(LateViewType, required=True,
                                    description="Việc quá hạn theo người và theo phòng, trong hai truy vấn. / Late "
                                                "work per person and per department, in two queries.")

    @staticmethod
    @requires(VIEW)
    def resolve_worktasks(root, info):
        return services.tasks()

    @staticmethod
    @requires(VIEW)
    def resolve_worktasks_overseen(root, info):
        return services.tasks().filter(services.overseen_q(info.context.user))

    @staticmethod
    @requires(VIEW)
    def resolve_worktask(root, info, id):
        found = None
        if is_id(id):
            selections = [node.selection_set for node in info.field_nodes]
            found = optimize(services.tasks().filter(pk=int(id)), info, WorkTaskType, selections).first()
        if found is None:
            raise ApiError(NOT_FOUND, _("Không tìm thấy công việc %(id)s.") % {"id": id})
        return found

    @staticmethod
    @requires(VIEW)
    def resolve_worktasks_late(root, info):
        now = timezone.now()
        return LateViewType(by_person=services.late_by_person(now), by_department=services.late_by_department(now))
