"""The unit's audit log: one row per thing done (who, what, when, on which object), in the unit's own schema. Each
row carries the hash of the one before it, so an edited, deleted or inserted row breaks the chain from there on
(core.audit.services.verify). Rows are only ever inserted: the services have no update or delete, and a trigger
(migration 0001) refuses UPDATE, DELETE and TRUNCATE on the table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("số thứ tự"), unique=True)  # 1, 2, 3, ... in the order of the chain
    at = models.DateTimeField(_("lúc"))
    actor_id = models.BigIntegerField(_("mã người thực hiện"), null=True, blank=True)  # None: the system, another unit
    actor = models.CharField(_("người thực hiện"), max_length=200, blank=True)  # the name then, kept as it was
    action = models.CharField(_("thao tác"), max_length=60)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=100, blank=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    data = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm dòng trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["at"])]
        verbose_name = _("dòng nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
