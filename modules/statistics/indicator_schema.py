"""GraphQL fields of the Decision 766/QĐ-TTg indicators: a unit's own (unit endpoint) and roll-ups (platform)."""

import graphene
from django.utils.translation import gettext as _

from core.api.errors import INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, ApiError
from core.api.mutations.base import BaseMutation
from core.api.permissions import requires
from modules.statistics.models import SOURCE_MAX
from modules.statistics.services import access, indicators, recorded, report
from tenants.models import Unit

ServicePeriodEnum = graphene.Enum(
    "ServiceIndicatorPeriod", [(v.upper(), v) for v in indicators.PERIODS],
    description="Kỳ đánh giá: tháng, quý, năm. / The period: a month, a quarter or a year.")
ServiceIndicatorStatusEnum = graphene.Enum(
    "ServiceIndicatorStatus", [(s.name, s.value) for s in indicators.Status],
    description="MEASURED: đo theo công thức; PARTIAL: chỉ đo được một phần (xem note), không chấm điểm; "
                "NOT_MEASURED: dữ liệu của hệ thống không đo được, không có số; RECORDED: số đơn vị ghi nhận từ "
                "nguồn ngoài hệ thống cho mọi tháng của kỳ (xem sources), chấm điểm như chỉ số đo được. / Measured "
                "by the formula; measured in part (no score); not measurable from our data (no figure); recorded "
                "by the unit from a source outside the system for every month of the period (see sources), "
                "scored as a measured one.")
ServiceRollupGroupByEnum = graphene.Enum(
    "ServiceIndicatorRollupGroupBy", [(report.CHILD.upper(), report.CHILD), (report.UNIT.upper(), report.UNIT)],
    description="Một dòng cho mỗi đơn vị trực thuộc (gồm cả cấp dưới) hoặc cho mỗi đơn vị. / A row per unit "
                "directly below (with its subtree) or per unit.")


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


class ServiceIndicator(graphene.ObjectType):
    class Meta:
        description = "Một chỉ số của bộ chỉ số 766. / One indicator of Decision 766."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    points = graphene.Decimal(description="Điểm tối đa (xem pointsSource); 0: chỉ theo dõi, không chấm; null: chưa "
                                          "biết. / Maximum points (see pointsSource); 0: tracked, never scored; null: "
                                          "not known.")
    status = graphene.Field(ServiceIndicatorStatusEnum, required=True)
    numerator = graphene.Int(description="Tử số. / Numerator.")
    denominator = graphene.Int(description="Mẫu số. / Denominator.")
    ratio = graphene.Float(description="Tỷ lệ (0-1); null khi không đo được hoặc mẫu số bằng 0. / The ratio.")
    percent = graphene.Float(description="Tỷ lệ phần trăm, làm tròn 2 chữ số thập phân; null: N/A. / The ratio "
                                         "in per cent, to 2 decimals; null when not available.")
    full_at = graphene.Decimal(description="Ngưỡng đạt điểm tối đa (0-1): dưới ngưỡng được tỷ lệ × điểm / ngưỡng; "
                                           "null: tỷ lệ × điểm. / The ratio giving full points; below it ratio × "
                                           "points / threshold; null: ratio × points.")
    description_id = graphene.String(required=True, description="Mã chỉ số trong Mô tả công thức tính chỉ số 766 của "
                                                                "Cổng DVC quốc gia. / The indicator's id in the "
                                                                "national portal's formula description.")
    score = graphene.Decimal(description="Điểm đạt được (chỉ khi đo đủ và điểm tối đa lớn hơn 0). / The score, only "
                                         "when fully measured with points above 0.")
    formula = graphene.String(required=True)
    note = graphene.String(required=True, description="Điều chưa biết chính xác, giới hạn của số liệu. / What is "
                                                      "not known exactly.")
    recordable = graphene.Boolean(required=True, description="Đơn vị ghi nhận được số liệu từ nguồn ngoài hệ thống "
                                                             "(statisticsRecordIndicatorValue). / May be recorded "
                                                             "from a source outside the system.")
    sources = graphene.List(graphene.NonNull(graphene.String), required=True,
                            description="RECORDED: nguồn của các số đã ghi nhận. / Where the recorded values come "
                                        "from.")

    @staticmethod
    def resolve_status(root, info):
        return root.status.value


class ServiceIndicatorGroup(graphene.ObjectType):
    class Meta:
        description = "Một nhóm chỉ số thành phần. / One group of indicators."

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    points = graphene.Decimal(required=True)
    source = graphene.String(required=True, description="Căn cứ. / The appendix's group.")
    note = graphene.String(required=True)
    score = graphene.Decimal(description="Điểm của nhóm, chỉ khi mọi chỉ số được chấm. / Only when every indicator "
                                         "is scored.")
    scored_points = graphene.Decimal(required=True, description="Số điểm đã chấm được. / Points scored at all.")
    scored = graphene.Decimal(required=True, description="Điểm đạt trên số điểm đã chấm. / Score over those.")
    indicators = graphene.List(graphene.NonNull(ServiceIndicator), required=True)


class _Card:
    total_points = graphene.Decimal(required=True)
    score = graphene.Decimal(description="Tổng điểm, chỉ khi mọi chỉ số được chấm. / The total, only when every "
                                         "indicator is scored.")
    scored_points = graphene.Decimal(required=True)
    scored = graphene.Decimal(required=True)
    groups = graphene.List(graphene.NonNull(ServiceIndicatorGroup), required=True)


class _CardResolvers:
    @staticmethod
    def resolve_total_points(root, info):
        return root.card.total_points

    @staticmethod
    def resolve_score(root, info):
        return root.card.score

    @staticmethod
    def resolve_scored_points(root, info):
        return root.card.scored_points

    @staticmethod
    def resolve_scored(root, info):
        return root.card.scored

    @staticmethod
    def resolve_groups(root, info):
        return root.card.groups


class ServiceIndicatorRow(_Card, _CardResolvers, graphene.ObjectType):
    class Meta:
        description = "Chỉ số của một đơn vị trong bảng tổng hợp. / One unit's indicators in a roll-up."

    key = graphene.String(required=True, description="Mã đơn vị. / Unit code.")
    label = graphene.String(required=True)


class ServiceIndicators(_Card, _CardResolvers, graphene.ObjectType):
    class Meta:
        description = ("Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) của một đơn vị, hoặc tổng "
                       "hợp đơn vị và các đơn vị trực thuộc, trong một kỳ. / Decision 766 indicators of a unit, or "
                       "rolled up, over a period.")

    unit_code = graphene.String(required=True)
    unit_name = graphene.String(required=True)
    period = graphene.Field(ServicePeriodEnum, required=True)
    date_from = graphene.Date(required=True, name="from")
    date_to = graphene.Date(required=True, name="to")
    set_code = graphene.String(required=True, description="Bộ chỉ số áp dụng. / The indicator set in force.")
    title = graphene.String(required=True)
    decision = graphene.String(required=True)
    scoring = graphene.String(required=True, description="Cách chấm điểm. / How scores are computed.")
    formula_source = graphene.String(required=True, description="Nguồn của công thức, ngưỡng (không phải Phụ lục "
                                                                "của Quyết định). / Where the formulas and thresholds "
                                                                "come from (not the decision's appendix).")
    points_source = graphene.String(required=True, description="Nguồn của điểm tối đa từng chỉ số (không phải Phụ "
                                                               "lục của Quyết định). / Where each indicator's "
                                                               "maximum points come from (not the decision's "
                                                               "appendix).")
    units = graphene.Int(required=True)
    units_reporting = graphene.Int(required=True)
    rows = graphene.List(graphene.NonNull(ServiceIndicatorRow), required=True)


class RecordedIndicatorValue(graphene.ObjectType):
    class Meta:
        description = ("Số liệu một tháng của một chỉ số 766 đo ngoài hệ thống, do đơn vị ghi nhận. / One month's "
                       "value of a Decision 766 indicator measured outside the system, recorded by the unit.")

    indicator = graphene.String(required=True, description="Mã chỉ số (code). / The indicator's code.")
    month = graphene.Date(required=True, description="Ngày đầu tháng. / The month's first day.")
    numerator = graphene.Int(required=True)
    denominator = graphene.Int(required=True)
    source = graphene.String(required=True, description="Nguồn số liệu. / Where the figures come from.")
    recorded_by = graphene.String(required=True, description="Người ghi. / Who recorded it.")
    recorded_at = graphene.DateTime(required=True)


def _run(run, *args):
    try:
        return run(*args)
    except report.ReportError as exc:
        raise ApiError(INVALID_ARGUMENT, str(exc), field=exc.field) from exc


_PERIOD = {
    "period": graphene.Argument(ServicePeriodEnum, required=True),
    "year": graphene.Int(required=True),
    "number": graphene.Int(default_value=1, description="Tháng (1-12) hoặc quý (1-4); bỏ qua với năm. / The month "
                                                        "or quarter; ignored for a year."),
}


class Query(graphene.ObjectType):
    statistics_indicators = graphene.Field(
        ServiceIndicators, required=True, **_PERIOD,
        description="Bộ chỉ số 766 của chính đơn vị (quyền statistics.view_statistics). / The unit's own Decision "
                    "766 indicators.")

    statistics_recorded_indicator_values = graphene.List(
        graphene.NonNull(RecordedIndicatorValue), required=True, **_PERIOD,
        description="Số liệu các chỉ số 766 đo ngoài hệ thống mà đơn vị đã ghi nhận cho các tháng của kỳ (quyền "
                    "statistics.view_statistics). / The unit's recorded values of the period's months.")

    @staticmethod
    @requires(access.VIEW)
    def resolve_statistics_indicators(root, info, period, year, number=1):
        return _run(indicators.unit_indicators, info.context.unit, _value(period), year, number)

    @staticmethod
    @requires(access.VIEW)
    def resolve_statistics_recorded_indicator_values(root, info, period, year, number=1):
        date_from, date_to = _run(indicators.period_bounds, _value(period), year, number)
        return recorded.values_of(info.context.unit, date_from, date_to)


class RecordIndicatorValue(BaseMutation):
    """Ghi nhận (hoặc ghi lại) số liệu một tháng của một chỉ số 766 đo ngoài hệ thống, kèm nguồn; chỉ các chỉ số
    recordable; ghi lại thì số cũ còn trong nhật ký kiểm tra. / Record (or replace) one month's value of a Decision
    766 indicator measured outside the system, with its source; the value replaced stays in the audit log."""

    permissions = access.RECORD

    class Arguments:
        indicator = graphene.String(required=True, description="Mã chỉ số (code). / The indicator's code.")
        month = graphene.Date(required=True, description="Ngày đầu tháng (YYYY-MM-01). / The month's first day.")
        numerator = graphene.Int(required=True)
        denominator = graphene.Int(required=True)
        source = graphene.String(required=True, description=f"Nguồn số liệu, tối đa {SOURCE_MAX} ký tự. / Where "
                                                            f"the figures come from, at most {SOURCE_MAX} characters.")

    value = graphene.Field(RecordedIndicatorValue)

    @classmethod
    def perform(cls, info, indicator, month, numerator, denominator, source):
        return cls(value=recorded.record_value(info.context.unit, indicator, month, numerator, denominator, source,
                                               actor=info.context.user))


class Mutation(graphene.ObjectType):
    statistics_record_indicator_value = RecordIndicatorValue.Field()


class PlatformQuery(graphene.ObjectType):
    statistics_indicators_rollup = graphene.Field(
        ServiceIndicators, required=True, unit_code=graphene.String(required=True), **_PERIOD,
        group_by=graphene.Argument(ServiceRollupGroupByEnum, default_value=ServiceRollupGroupByEnum.CHILD),
        description="Bộ chỉ số 766 của một đơn vị và mọi đơn vị trực thuộc (như statisticsRollup). / Decision 766 "
                    "indicators of a unit and every unit below it (as statisticsRollup).")

    @staticmethod
    def resolve_statistics_indicators_rollup(root, info, unit_code, period, year, number=1, group_by=report.CHILD):
        user = getattr(info.context, "user", None)
        if user is None or not user.is_authenticated:
            raise ApiError(UNAUTHENTICATED, _("Cần đăng nhập hoặc mã truy cập."))
        unit = Unit.objects.filter(code=unit_code.strip()).first()
        if unit is None or not access.can_view_rollup(user, unit):
            if unit is None and access.is_ict_staff(user):
                raise ApiError(NOT_FOUND, _("Không có đơn vị mã %(code)s.") % {"code": unit_code})
            raise ApiError(PERMISSION_DENIED, _("Bạn không được xem số liệu tổng hợp của đơn vị %(code)s.")
                           % {"code": unit_code}, permissions=[access.VIEW])
        return _run(indicators.rollup_indicators, unit, _value(period), year, number, _value(group_by))
