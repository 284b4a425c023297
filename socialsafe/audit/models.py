from django.conf import settings
from django.db import models
from django.utils.timezone import now

from socialsafe.audit.chain import chained_bulk_create, chained_save


class AppendOnlyError(Exception):
    """An audit row was about to be changed or deleted: the log only grows."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_create(self, objs, *args, **kwargs):
        return chained_bulk_create(self, objs, *args, **kwargs)


class AuditEvent(models.Model):
    """Who did or saw what, when. Written by audit_record(); never edited or deleted."""

    school = models.ForeignKey("schools.School", models.PROTECT, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    # The case the event is about, if any (the case itself, or a row of its file: an action, evidence, a letter, a
    # bar). Whoever lists events shows one only to those who may see that case. No foreign key: the audit app sits
    # below the apps whose rows it records, and an event outlasts the row it was about.
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=now, db_index=True)
    # The hash chain (socialsafe.audit.chain): set on insert, checked by manage.py verify_audit.
    prev_hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, blank=True, editable=False)

    CHAIN_FIELDS = (
        "school",
        "actor",
        "verb",
        "target_type",
        "target_id",
        "target_repr",
        "case_id",
        "data",
        "ip_address",
        "at",
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events cannot be changed.")
        chained_save(self, super().save, *args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class Submission(models.Model):
    """One post of one rendered form that did something: a second post of the same form shows this result instead
    of doing it again (a double click, a resent page). Written by audit.once.submit_once()."""

    key = models.CharField(max_length=64, unique=True)  # sha256 of who, where and the form's own token
    result = models.CharField(max_length=1000, blank=True)  # where the first post led
    at = models.DateTimeField(default=now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… → {self.result}"
