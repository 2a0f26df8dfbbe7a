"""Filtering and ordering of dossier lists."""

from datetime import date, datetime, time, timedelta

import graphene
from django.utils import timezone

from core.api.connections import FilterInput, Ordering
from modules.onestop.api.enums import DeadlineStatusEnum, DossierChannelEnum, DossierStatusEnum, value_of
from modules.onestop.services.listing import with_deadline_status


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class DossierFilter(FilterInput):
    """search: mã hồ sơ, tên, điện thoại, số định danh người nộp / code, applicant name, phone, id number.
    receivedFrom/receivedTo: ngày (giờ Việt Nam), tính cả hai đầu / days in Vietnam time, both included."""

    search = graphene.String()
    status = graphene.InputField(DossierStatusEnum)
    procedure_code = graphene.String()
    channel = graphene.InputField(DossierChannelEnum)
    deadline_status = graphene.InputField(DeadlineStatusEnum)
    received_from = graphene.Date()
    received_to = graphene.Date()

    lookups = {"status": "status", "procedure_code": "procedure_code", "channel": "channel"}
    search_fields = ("code", "applicant_name", "applicant_phone", "applicant_id_number")

    @classmethod
    def filter_queryset(cls, queryset, values):
        values = {name: value_of(value) for name, value in values.items()}
        queryset = super().filter_queryset(queryset, values)
        if values.get("received_from") is not None:
            queryset = queryset.filter(received_at__gte=_start_of(values["received_from"]))
        if values.get("received_to") is not None and values["received_to"] < date.max:  # the last day: no bound
            queryset = queryset.filter(received_at__lt=_start_of(values["received_to"] + timedelta(days=1)))
        if values.get("deadline_status") is not None:
            queryset = with_deadline_status(queryset, values["deadline_status"])
        return queryset


DOSSIER_ORDER = Ordering("DossierOrder", {"DUE_AT": "due_at", "RECEIVED_AT": "received_at"}, default="DUE_AT")
