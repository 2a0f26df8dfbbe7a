"""A leader gives work to a member, on its own or from a document's directive."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.worktasks.api.inputs import document_id as parse_document_id
from modules.worktasks.api.inputs import person_id
from modules.worktasks.api.types import WorkTaskType
from modules.worktasks.services import assign


class AssignWorkTask(BaseMutation):
    """Giao việc: người chủ trì, người phối hợp, hạn theo ngày làm việc, văn bản giao việc (nếu có). / Assign a
    task: assignee, co-workers, deadline in working days, the document it comes from (if any)."""

    permissions = ("worktasks.add_task",)

    class Arguments:
        title = graphene.String(required=True)
        assignee_id = graphene.ID(required=True)
        coworker_ids = graphene.List(graphene.NonNull(graphene.ID))
        days = graphene.Int()
        department = graphene.String()
        description = graphene.String()
        document_id = graphene.ID()

    task = graphene.Field(WorkTaskType)

    @classmethod
    def clean_input(cls, info, title, assignee_id, coworker_ids=None, document_id=None, **data):
        return {"title": title, "assignee": person_id(assignee_id, "assigneeId"),
                "coworkers": [person_id(p, "coworkerIds") for p in (coworker_ids or [])][:50],
                "document": parse_document_id(document_id), **data}

    @classmethod
    def perform(cls, info, title, assignee, coworkers, document, days=None, department=None, description=None):
        return cls(task=assign(title, assignee, actor=info.context.user, days=days, coworker_ids=coworkers,
                               department=department or "", description=description or "", document_id=document))
