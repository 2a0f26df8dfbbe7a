"""GraphQL fields of the statistics module: a unit's own figures (unit endpoint) and roll-ups (platform endpoint)."""

import graphene
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.api.errors import INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, ApiError
from core.api.permissions import requires
from modules.statistics import indicator_schema, trend_schema
from modules.statistics.services import access, report
from tenants.models import Unit

StatisticsGroupByEnum = graphene.Enum(
    "StatisticsGroupBy", [(v.upper(), v) for v in report.UNIT_GROUPS],
    description="Nhóm số liệu của đơn vị theo lĩnh vực, thủ tục hoặc ngày. / Group a unit's figures by sector, "
                "procedure or day.")
StatisticsRollupGroupByEnum = graphene.Enum(
    "StatisticsRollupGroupBy", [(v.upper(), v) for v in report.ROLLUP_GROUPS],
    description="Nhóm số liệu tổng hợp: theo đơn vị trực thuộc, từng đơn vị, lĩnh vực, thủ tục hoặc ngày. / Group a "
                "roll-up by unit directly below, each unit, sector, procedure or day.")


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


class StatisticsFigures(graphene.ObjectType):
    class Meta:
        description = ("Số liệu giải quyết hồ sơ của một dòng báo cáo. Hồ sơ liên thông chỉ tính một lần, ở đơn vị "
                       "tiếp nhận ban đầu. / The figures of one line of a report; a transferred dossier counts once, "
                       "at the unit that first received it.")

    received = graphene.Int(required=True, description="Hồ sơ tiếp nhận trong kỳ. / Dossiers received.")
    received_counter = graphene.Int(required=True, description="Trực tiếp. / At the counter.")
    received_online = graphene.Int(required=True, description="Trực tuyến. / Online.")
    received_post = graphene.Int(required=True, description="Bưu chính. / By post.")
    resolved = graphene.Int(required=True, description="Có kết quả trong kỳ. / Resolved in the period.")
    resolved_early = graphene.Int(required=True, description="Trước hạn. / Early.")
    resolved_on_time = graphene.Int(required=True, description="Đúng hạn. / On time.")
    resolved_late = graphene.Int(required=True, description="Quá hạn. / Late.")
    in_progress = graphene.Int(required=True, description="Đang giải quyết cuối kỳ. / In progress at the end.")
    in_progress_on_time = graphene.Int(required=True, description="Trong hạn. / On time.")
    in_progress_overdue = graphene.Int(required=True, description="Quá hạn. / Overdue.")
    returned = graphene.Int(required=True, description="Trả lại (từ chối giải quyết). / Refused, handed back.")
    withdrawn = graphene.Int(required=True, description="Công dân rút hồ sơ. / Withdrawn.")
    stopped = graphene.Int(required=True, description="Dừng giải quyết (mẫu 05, Thông tư 03/2025/TT-VPCP). "
                                                      "/ Processing stopped (form 05 of Circular 03/2025).")
    received_for_others = graphene.Int(
        required=True, description="Hồ sơ tiếp nhận cho đơn vị khác giải quyết (tính ở đơn vị đó). / Dossiers "
                                   "received for another unit to decide (counted there).")
    online_share = graphene.Float(description="Tỷ lệ nộp trực tuyến (0-1). / Share received online.")
    on_time_share = graphene.Float(description="Tỷ lệ giải quyết đúng hoặc trước hạn (0-1). / Share resolved on "
                                               "time or early.")
    fees_paid = graphene.Int(required=True, description="Khoản phí đã nộp. / Fees paid.")
    fees_paid_online = graphene.Int(required=True, description="Khoản phí nộp trực tuyến. / Fees paid online.")
    online_payment_share = graphene.Float(description="Tỷ lệ thanh toán trực tuyến (0-1). / Share of fees paid "
                                                      "online.")
    ratings = graphene.Int(required=True, description="Lượt đánh giá hài lòng. / Satisfaction ratings.")
    average_satisfaction = graphene.Float(description="Mức hài lòng bình quân (1-5). / Average satisfaction.")


class StatisticsRow(graphene.ObjectType):
    class Meta:
        description = "Một dòng của báo cáo. / One line of a report."

    key = graphene.String(required=True, description="Mã lĩnh vực, mã thủ tục, ngày (YYYY-MM-DD) hoặc mã đơn vị. / "
                                                     "Sector id, procedure code, day or unit code.")
    label = graphene.String(required=True)
    figures = graphene.Field(StatisticsFigures, required=True)


class StatisticsReport(graphene.ObjectType):
    class Meta:
        description = "Báo cáo tình hình giải quyết hồ sơ trong một kỳ. / Dossier figures over a period."

    unit_code = graphene.String(required=True)
    unit_name = graphene.String(required=True)
    date_from = graphene.Date(required=True, name="from")
    date_to = graphene.Date(required=True, name="to")
    group_by = graphene.Field(StatisticsRollupGroupByEnum, required=True)
    rows = graphene.List(graphene.NonNull(StatisticsRow), required=True)
    total = graphene.Field(StatisticsFigures, required=True)
    units = graphene.Int(required=True, description="Số đơn vị trong báo cáo. / Units covered.")
    units_reporting = graphene.Int(required=True, description="Số đơn vị đã có số liệu trong kỳ. / Units with "
                                                              "figures in the period.")
    computed_at = graphene.DateTime(description="Số liệu tổng hợp lúc (cũ nhất giữa các đơn vị). / When the "
                                                "figures were computed (the oldest unit).")
    excel_url = graphene.String(required=True, description="Tải báo cáo dạng Excel. / The report as .xlsx.")

    @staticmethod
    def resolve_total(root, info):
        return root.total

    @staticmethod
    def resolve_excel_url(root, info):
        query = urlencode({"tu": root.date_from.isoformat(), "den": root.date_to.isoformat(), "nhom": root.group_by})
        if root.rollup:
            return reverse("platform-statistics:export", args=[root.unit_code], urlconf="core.urls_platform") + \
                "?" + query
        return reverse("statistics:export", urlconf="core.urls_unit") + "?" + query


def _report(run, *args):
    try:
        return run(*args)
    except report.ReportError as exc:
        raise ApiError(INVALID_ARGUMENT, str(exc), field=exc.field) from exc


_PERIOD = {"date_from": graphene.Date(required=True, name="from", description="Ngày đầu kỳ. / First day."),
           "date_to": graphene.Date(required=True, name="to", description="Ngày cuối kỳ. / Last day.")}


class Query(indicator_schema.Query, trend_schema.TrendQuery, graphene.ObjectType):
    statistics_summary = graphene.Field(
        StatisticsReport, required=True, **_PERIOD,
        group_by=graphene.Argument(StatisticsGroupByEnum, default_value=StatisticsGroupByEnum.SECTOR),
        description="Số liệu của chính đơn vị trong kỳ (quyền statistics.view_statistics: lãnh đạo, quản trị). / "
                    "The unit's own figures over a period (leaders, administrators).")

    @staticmethod
    @requires(access.VIEW)
    def resolve_statistics_summary(root, info, date_from, date_to, group_by=report.SECTOR):
        return _report(report.unit_report, info.context.unit, date_from, date_to, _value(group_by))


class PlatformQuery(indicator_schema.PlatformQuery, graphene.ObjectType):
    statistics_rollup = graphene.Field(
        StatisticsReport, required=True, unit_code=graphene.String(required=True), **_PERIOD,
        group_by=graphene.Argument(StatisticsRollupGroupByEnum, default_value=StatisticsRollupGroupByEnum.CHILD),
        description="Số liệu tổng hợp của một đơn vị và mọi đơn vị trực thuộc (lãnh đạo, quản trị của đơn vị đó "
                    "hoặc cấp trên; Sở TT&TT). / A unit and every unit below it, rolled up (leaders and "
                    "administrators of it or above; the ICT department).")

    @staticmethod
    def resolve_statistics_rollup(root, info, unit_code, date_from, date_to, group_by=report.CHILD):
        user = getattr(info.context, "user", None)
        if user is None or not user.is_authenticated:
            raise ApiError(UNAUTHENTICATED, _("Cần đăng nhập hoặc mã truy cập."))
        unit = Unit.objects.filter(code=unit_code.strip()).first()
        if unit is None or not access.can_view_rollup(user, unit):
            if unit is None and access.is_ict_staff(user):
                raise ApiError(NOT_FOUND, _("Không có đơn vị mã %(code)s.") % {"code": unit_code})
            # The same answer whether the unit exists or not: nobody learns another unit's codes here.
            raise ApiError(PERMISSION_DENIED, _("Bạn không được xem số liệu tổng hợp của đơn vị %(code)s.")
                           % {"code": unit_code}, permissions=[access.VIEW])
        return _report(report.rollup_report, unit, date_from, date_to, _value(group_by))


class Mutation(indicator_schema.Mutation, graphene.ObjectType):
    pass


__all__ = ["Mutation", "PlatformQuery", "Query"]
