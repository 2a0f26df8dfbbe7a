"""The work-task mutations of the unit endpoint: one file per mutation."""

import graphene

from modules.worktasks.api.mutations.assign import AssignWorkTask
from modules.worktasks.api.mutations.close import CloseWorkTask
from modules.worktasks.api.mutations.report import ReportWorkTask


class Mutation(graphene.ObjectType):
    worktasks_assign = AssignWorkTask.Field()
    worktasks_report = ReportWorkTask.Field()
    worktasks_close = CloseWorkTask.Field()
