"""The reporting facts every unit pushes to the public schema: one row per unit, day and procedure.

A unit writes only its own rows (services.facts, in a task running in its schema); the province reads the rows of
the units below it with one query (services.report). Rows are replaced, never edited: recomputing a day deletes that
unit's rows of the day and writes them again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The counters of a fact row, in the order of the report's columns.
COUNTERS = (
    "received_counter", "received_online", "received_post",
    "resolved_early", "resolved_on_time", "resolved_late",
    "in_progress_on_time", "in_progress_overdue",
    "returned", "withdrawn", "stopped",
    "received_for_others",
    "fees_paid", "fees_paid_online",
    "ratings", "rating_points",
    # Decision 766/QĐ-TTg (2022): digitisation and satisfaction (services/indicators.py)
    "received_digitised", "received_reusing_data", "results_electronic", "ratings_unsatisfied",
    # ... and the rest the national portal's description of its 766 dashboard computes (services/indicators.py)
    "received_synced", "received_population", "received_with_fee", "dossiers_paid_online",
    "ended_on_time_766", "in_progress_on_time_766", "resolved_digitised", "results_exempt",
    # ... and the full-online dossiers of the maxima the portal publishes with its 766 dashboard
    "received_full_service", "received_online_full_service",
)
# Stocks read at the end of a day (the others are flows: what happened during the day).
SNAPSHOT_COUNTERS = ("in_progress_on_time", "in_progress_overdue", "in_progress_on_time_766")


class DailyFact(models.Model):
    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    day = models.DateField(_("ngày"))
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40)
    sector = models.ForeignKey("catalogue.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("lĩnh vực"))
    # Dossiers the unit received that day, by channel (a dossier transferred in is counted where it was received).
    received_counter = models.IntegerField(_("tiếp nhận trực tiếp"), default=0)
    received_online = models.IntegerField(_("tiếp nhận trực tuyến"), default=0)
    received_post = models.IntegerField(_("tiếp nhận qua bưu chính"), default=0)
    # Dossiers whose result was made that day, against their appointment.
    resolved_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.IntegerField(_("giải quyết quá hạn"), default=0)
    # Dossiers still in progress at the end of the day (a stock, not a flow).
    in_progress_on_time = models.IntegerField(_("đang giải quyết trong hạn"), default=0)
    in_progress_overdue = models.IntegerField(_("đang giải quyết quá hạn"), default=0)
    returned = models.IntegerField(_("trả lại (từ chối giải quyết)"), default=0)
    withdrawn = models.IntegerField(_("công dân rút hồ sơ"), default=0)
    # Dossiers whose processing was stopped that day (Circular 03/2025 form 05): neither resolved nor refused.
    stopped = models.IntegerField(_("dừng giải quyết"), default=0)
    # Dossiers this unit received that day for another unit to decide (receipt regardless of administrative
    # boundary): counted there, shown here apart.
    received_for_others = models.IntegerField(_("tiếp nhận cho đơn vị khác"), default=0)
    fees_paid = models.IntegerField(_("khoản phí đã nộp"), default=0)
    fees_paid_online = models.IntegerField(_("khoản phí nộp trực tuyến"), default=0)
    ratings = models.IntegerField(_("lượt đánh giá"), default=0)
    rating_points = models.IntegerField(_("tổng điểm hài lòng"), default=0)
    # Of the dossiers received that day: those filed online or whose paper components were all scanned, exempt or
    # taken from a shared database (Circular 03/2025/TT-VPCP Art. 5), and those with a component taken from a
    # shared database (data instead of paper).
    received_digitised = models.IntegerField(_("hồ sơ tiếp nhận đã số hóa"), default=0)
    received_reusing_data = models.IntegerField(_("hồ sơ tiếp nhận có khai thác dữ liệu"), default=0)
    # Of the dossiers resolved that day: those whose result was issued electronically (scanned or electronic).
    results_electronic = models.IntegerField(_("kết quả điện tử"), default=0)
    # Ratings of 1 or 2 (of 5): "không hài lòng".
    ratings_unsatisfied = models.IntegerField(_("lượt đánh giá không hài lòng"), default=0)
    # Of the dossiers received that day: those filed on the national public service portal whose receipt was sent back
    # there, those with a component taken from the national population database, and those of a procedure version
    # with a fee above 0.
    received_synced = models.IntegerField(_("hồ sơ đồng bộ Cổng DVC quốc gia"), default=0, db_default=0)
    received_population = models.IntegerField(_("hồ sơ khai thác dữ liệu dân cư"), default=0, db_default=0)
    received_with_fee = models.IntegerField(_("hồ sơ của thủ tục có phí, lệ phí"), default=0, db_default=0)
    # Dossiers with at least one fee paid online that day.
    dossiers_paid_online = models.IntegerField(_("hồ sơ thanh toán trực tuyến"), default=0, db_default=0)
    # Dossiers that ended that day (result made, refused, withdrawn, stopped) by their due time and asked to
    # supplement at most once; dossiers in progress at the end of the day, not overdue and asked at most once.
    ended_on_time_766 = models.IntegerField(_("kết thúc đúng hạn (766)"), default=0, db_default=0)
    in_progress_on_time_766 = models.IntegerField(_("đang giải quyết trong hạn (766)"), default=0, db_default=0)
    # Of the dossiers resolved that day: digitised at receipt and with their result electronic (or exempt from
    # digitisation); and those whose result was recorded as exempt (made during processing, confidential).
    resolved_digitised = models.IntegerField(_("hồ sơ số hóa cả thành phần và kết quả"), default=0, db_default=0)
    results_exempt = models.IntegerField(_("kết quả không phải số hóa"), default=0, db_default=0)
    # Of the dossiers received that day: those of a procedure whose catalogue version in force at the end of the day
    # offers a full online service ("toàn trình"), and those of them received online.
    received_full_service = models.IntegerField(_("hồ sơ của thủ tục có DVCTT toàn trình"), default=0, db_default=0)
    received_online_full_service = models.IntegerField(_("hồ sơ trực tuyến của thủ tục có DVCTT toàn trình"),
                                                       default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day", "procedure_code"],
                                               name="statistics_fact_once_per_unit_day_procedure")]
        indexes = [models.Index(fields=["day", "unit"], name="statistics_fact_day_unit"),
                   # the rows with a dossier paid online: each unit's distinct procedures paid online (766 3.5b)
                   models.Index(fields=["unit", "procedure_code", "day"], name="statistics_fact_paid_online",
                                condition=models.Q(dossiers_paid_online__gt=0))]
        permissions = [("view_statistics", _("Xem thống kê, báo cáo của đơn vị")),
                       ("view_all_units", _("Xem thống kê mọi đơn vị (Sở Thông tin và Truyền thông)"))]
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")

    def __str__(self):
        return f"{self.unit_id} {self.day} {self.procedure_code}"


class FactsDay(models.Model):
    """A day whose facts a unit has computed (even when it had nothing to count), and when."""

    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    day = models.DateField(_("ngày"))
    computed_at = models.DateTimeField(_("tổng hợp lúc"))
    # The unit's procedures when the day was computed (active in the procedures module), and of them those whose
    # catalogue version in force at the end of the day offers an online service, partial or full (766 indicator 3.1).
    procedures = models.IntegerField(_("số thủ tục của đơn vị"), default=0, db_default=0)
    procedures_online = models.IntegerField(_("số thủ tục có dịch vụ công trực tuyến"), default=0, db_default=0)
    # ... and of them those whose catalogue version in force at the end of the day states a fee above 0 (766 indicator
    # 3.5b's denominator).
    procedures_with_fee = models.IntegerField(_("số thủ tục có phí, lệ phí"), default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="statistics_factsday_once")]
        verbose_name = _("ngày đã tổng hợp")
        verbose_name_plural = _("ngày đã tổng hợp")

    def __str__(self):
        return f"{self.unit_id} {self.day}"


SOURCE_MAX = 300  # the recorded value's source text


class RecordedValue(models.Model):
    """A Decision 766 indicator measured outside the system (the national portal's 766 page, its procedures database,
    its feedback system), recorded by the unit for one month: one row per unit, month and indicator; recording again
    replaces it (services/recorded.py, the previous value kept in the unit's audit log). Summed per unit like the
    facts: a period's indicator is scored from them only when every month of it has one (services/indicators.py)."""

    unit = models.ForeignKey("tenants.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    month = models.DateField(_("tháng"))  # its first day
    indicator = models.CharField(_("mã chỉ số"), max_length=60)
    numerator = models.BigIntegerField(_("tử số"))
    denominator = models.BigIntegerField(_("mẫu số"))
    source = models.CharField(_("nguồn số liệu"), max_length=SOURCE_MAX)
    # Who recorded it (the person's id and name then, as the audit log keeps them: no join to the platform's users).
    recorded_by_id = models.BigIntegerField(_("mã người ghi"), null=True, blank=True)
    recorded_by = models.CharField(_("người ghi"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "indicator"], name="statistics_recorded_once"),
            models.CheckConstraint(condition=models.Q(numerator__gte=0, denominator__gte=0),
                                   name="statistics_recorded_not_negative"),
        ]
        indexes = [models.Index(fields=["month", "unit"], name="statistics_recorded_month_unit")]
        verbose_name = _("giá trị chỉ số ghi nhận")
        verbose_name_plural = _("giá trị chỉ số ghi nhận")

    def __str__(self):
        return f"{self.unit_id} {self.month} {self.indicator}"
