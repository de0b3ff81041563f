"""A unit edited in the admin (or anywhere through save()) that changes kind or stops or starts
reporting moves its counted values to its new bucket of the kept figures (cchc.reporting.totals),
in the same transaction as the edit."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from cchc.orgunits.models import OrgUnit

from . import totals


@receiver(pre_save, sender=OrgUnit, dispatch_uid="totals-unit-before")
def _remember_bucket(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = OrgUnit.objects.filter(pk=instance.pk).values_list("kind", "reports", "active").first()
    if old is not None:
        kind, reports, active = old
        instance._totals_bucket = kind if reports and active else ""


@receiver(post_save, sender=OrgUnit, dispatch_uid="totals-unit-after")
def _move_bucket(sender, instance, created=False, raw=False, **kwargs):
    old = instance.__dict__.pop("_totals_bucket", None)
    if raw or created or old is None:
        return
    totals.unit_moved(instance, old)
