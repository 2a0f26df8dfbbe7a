"""Calendar data entered by people: days off and days worked, each unit's office hours. Public schema.

A CalendarDay without a unit applies to every unit of the installation (the Government's yearly swaps, a provincial
day off); with a unit it applies to that unit only and wins over the installation-wide day of the same date.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.calendar.errors import CalendarError
from core.calendar.office_hours import (
    DEFAULT_PERIODS,
    DEFAULT_WEEKDAYS,
    AppointmentRule,
    OfficeHours,
    format_periods,
    format_weekdays,
)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ngày nghỉ")
    WORKING = "working", _("Ngày làm việc")


class CalendarDay(models.Model):
    unit = models.ForeignKey("tenants.Unit", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="calendar_days", verbose_name=_("đơn vị"),
                             help_text=_("Để trống: áp dụng cho mọi đơn vị."))
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=10, choices=DayKind.choices)
    reason = models.CharField(_("lý do"), max_length=200, blank=True,
                              help_text=_("Ví dụ: hoán đổi ngày làm việc theo thông báo số ..."))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=Q(unit__isnull=True), name="calendar_day_national"),
            models.UniqueConstraint(fields=["unit", "date"], condition=Q(unit__isnull=False), name="calendar_day_unit"),
        ]
        verbose_name = _("ngày nghỉ/làm việc")
        verbose_name_plural = _("ngày nghỉ/làm việc")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class UnitCalendarSettings(models.Model):
    """A unit's office hours and appointment rule; a unit without a row uses the defaults. No reception cut-off: Decree
    118/2025/NĐ-CP has no general one (a procedure's own is one-stop data, modules.onestop IntakeRule)."""

    unit = models.OneToOneField("tenants.Unit", on_delete=models.CASCADE, related_name="calendar_settings",
                                verbose_name=_("đơn vị"))
    periods = models.CharField(_("giờ làm việc"), max_length=100, default=format_periods(DEFAULT_PERIODS),
                               help_text=_("Các buổi làm việc, ví dụ 07:30-11:30, 13:30-17:00."))
    weekdays = models.CharField(_("ngày làm việc trong tuần"), max_length=20,
                                default=format_weekdays(DEFAULT_WEEKDAYS),
                                help_text=_("1 là thứ Hai, 7 là Chủ nhật; ví dụ 1,2,3,4,5."))
    appointment_rule = models.CharField(
        _("cách hẹn trả"), max_length=12, default=AppointmentRule.SAME_TIME.value,
        choices=[(AppointmentRule.SAME_TIME.value, _("Cùng giờ sau N ngày làm việc")),
                 (AppointmentRule.END_OF_DAY.value, _("Cuối giờ làm việc của ngày hẹn"))])
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc của đơn vị")
        verbose_name_plural = _("giờ làm việc của đơn vị")

    def __str__(self):
        return f"{self.unit_id}: {self.periods}"

    def office_hours(self) -> OfficeHours:
        return OfficeHours.parse(self.periods, self.weekdays, self.appointment_rule)

    def clean(self):
        super().clean()
        try:
            self.office_hours()
        except CalendarError as exc:
            raise ValidationError(str(exc)) from exc


class CalendarRevision(models.Model):
    """A token changed with every change of calendar data of a scope ("*" installation-wide, else a unit's id).

    Processes keep built calendars and compare tokens to know when to rebuild; a rolled back change leaves a token no
    cached calendar holds, so nothing stale survives it.
    """

    scope = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("phiên bản lịch")
        verbose_name_plural = _("phiên bản lịch")
