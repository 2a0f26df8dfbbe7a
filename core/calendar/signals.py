"""Every saved or deleted calendar row invalidates the calendars it feeds."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.calendar.models import CalendarDay, UnitCalendarSettings
from core.calendar.services import invalidate_calendars


@receiver([post_save, post_delete], sender=CalendarDay, dispatch_uid="calendar_day_changed")
@receiver([post_save, post_delete], sender=UnitCalendarSettings, dispatch_uid="calendar_settings_changed")
def calendar_data_changed(sender, instance, **kwargs):
    invalidate_calendars(instance.unit_id)
