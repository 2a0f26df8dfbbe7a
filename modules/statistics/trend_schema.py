"""The unit's trend across an administrative reorganisation in GraphQL: its figures day by day with its
predecessors' history attributed by the mapping (services/trends.py)."""

import graphene
from django.utils.translation import gettext as _

from core.api.errors import INVALID_ARGUMENT, ApiError
from core.api.permissions import requires
from modules.statistics.services import access, trends
from modules.statistics.services.report import MAX_DAYS_BY_DAY
from tenants.models import Unit


class StatisticsTrendDay(graphene.ObjectType):
    class Meta:
        description = ("Số liệu một ngày, gồm phần quy từ đơn vị cũ (số thập phân khi kế thừa một phần). / One "
                       "day's figures, with the part attributed from predecessors (decimals for a partial one).")

    day = graphene.Date(required=True)
    received = graphene.Float(required=True, description="Hồ sơ tiếp nhận. / Dossiers received.")
    resolved = graphene.Float(required=True, description="Có kết quả. / Resolved.")
    in_progress = graphene.Float(required=True, description="Đang giải quyết cuối ngày. / In progress at the end.")
    inherited_received = graphene.Float(required=True, description="Trong đó quy từ đơn vị cũ. / Of which from "
                                                                     "predecessors.")
    inherited_resolved = graphene.Float(required=True)
    inherited_in_progress = graphene.Float(required=True)

    @staticmethod
    def resolve_received(root, info):
        return float(root.total("received_counter", "received_online", "received_post"))

    @staticmethod
    def resolve_resolved(root, info):
        return float(root.total("resolved_early", "resolved_on_time", "resolved_late"))

    @staticmethod
    def resolve_in_progress(root, info):
        return float(root.total("in_progress_on_time", "in_progress_overdue"))

    @staticmethod
    def resolve_inherited_received(root, info):
        return float(sum(root.inherited[c] for c in ("received_counter", "received_online", "received_post")))

    @staticmethod
    def resolve_inherited_resolved(root, info):
        return float(sum(root.inherited[c] for c in ("resolved_early", "resolved_on_time", "resolved_late")))

    @staticmethod
    def resolve_inherited_in_progress(root, info):
        return float(sum(root.inherited[c] for c in ("in_progress_on_time", "in_progress_overdue")))


class StatisticsAttribution(graphene.ObjectType):
    class Meta:
        description = "Một đơn vị cũ và phần số liệu quy cho đơn vị này. / A predecessor and the part attributed here."

    unit_code = graphene.String(required=True)
    unit_name = graphene.String(required=True)
    weight = graphene.Float(required=True, description="1: toàn bộ; 0-1: tỷ lệ kế thừa. / 1: whole; 0-1: share.")


class StatisticsTrend(graphene.ObjectType):
    days = graphene.List(graphene.NonNull(StatisticsTrendDay), required=True)
    attribution = graphene.List(graphene.NonNull(StatisticsAttribution), required=True)


class TrendQuery(graphene.ObjectType):
    statistics_trend = graphene.Field(
        StatisticsTrend, required=True,
        date_from=graphene.Date(required=True, name="from"), date_to=graphene.Date(required=True, name="to"),
        description="Số liệu theo ngày của đơn vị, cộng lịch sử các đơn vị cũ quy theo phương án sắp xếp (lãnh đạo, "
                    "quản trị). / The unit's figures day by day with its predecessors' history attributed by the "
                    "reorganisation's mapping (leaders, administrators).")

    @staticmethod
    @requires(access.VIEW)
    def resolve_statistics_trend(root, info, date_from, date_to):
        if date_from > date_to or (date_to - date_from).days >= MAX_DAYS_BY_DAY:
            raise ApiError(INVALID_ARGUMENT, _("Kỳ từ %(a)s đến %(b)s không hợp lệ (tối đa %(n)s ngày).") % {
                "a": date_from.isoformat(), "b": date_to.isoformat(), "n": MAX_DAYS_BY_DAY}, field="from")
        unit = info.context.unit
        weights = trends.attribution(unit)
        names = dict(Unit.objects.filter(pk__in=list(weights)).values_list("pk", "code"))
        labels = dict(Unit.objects.filter(pk__in=list(weights)).values_list("pk", "name"))
        attribution = [StatisticsAttribution(unit_code=names[pk], unit_name=labels[pk], weight=float(w))
                       for pk, w in sorted(weights.items(), key=lambda item: names[item[0]]) if pk != unit.pk]
        return StatisticsTrend(days=trends.trend(unit, date_from, date_to), attribution=attribution)
