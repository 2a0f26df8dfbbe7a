"""Departments inside a unit (phòng, ban) with their head and people. A directive's or a task's department is named by
the department's name; a head follows the routing of their department's people (services/access.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.documents.models.document import _person


class Department(models.Model):
    name = models.CharField(_("tên phòng, ban"), max_length=200, unique=True)
    head = _person(_("trưởng phòng"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("phòng, ban")
        verbose_name_plural = _("phòng, ban")
        # Granted per department with django-guardian (a deputy who follows the department as its head does).
        permissions = [("oversee_department", _("Theo dõi văn bản, công việc của phòng, ban"))]

    def __str__(self):
        return self.name


class DepartmentMember(models.Model):
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="members",
                                   verbose_name=_("phòng, ban"))
    # People live in public: no constraint (tenants.services.references keeps the ids whole).
    # No index of its own: documents_department_member_once leads with it.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, related_name="+",
                               db_constraint=False, db_index=False, verbose_name=_("cán bộ"))

    class Meta:
        # One department per person in a unit.
        constraints = [models.UniqueConstraint(fields=["person"], name="documents_department_member_once")]
        verbose_name = _("cán bộ của phòng, ban")
        verbose_name_plural = _("cán bộ của phòng, ban")

    def __str__(self):
        return f"{self.department_id}: {self.person_id}"
