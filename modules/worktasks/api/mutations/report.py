"""The assignee or a co-worker reports progress."""

import graphene

from core.api.mutations.base import BaseMutation
from modules.worktasks.api.inputs import task_id
from modules.worktasks.api.types import WorkTaskType
from modules.worktasks.services import report


class ReportWorkTask(BaseMutation):
    """Báo cáo tiến độ công việc (0-100%). / Report a task's progress (0-100%)."""

    permissions = ("worktasks.view_task",)

    class Arguments:
        id = graphene.ID(required=True)
        body = graphene.String(required=True)
        progress = graphene.Int(required=True)

    task = graphene.Field(WorkTaskType)

    @classmethod
    def clean_input(cls, info, id, **data):
        return {"task": task_id(id), **data}

    @classmethod
    def perform(cls, info, task, body, progress):
        return cls(task=report(task, actor=info.context.user, body=body, progress=progress).task)
