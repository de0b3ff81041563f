from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_coordinator_group(sender, **kwargs):
    """Phòng Nội vụ's existing group learns the signed PDFs' admin page when this app is migrated in
    (the group's permissions are otherwise set only when an account is added)."""
    from django.contrib.auth.models import Group

    from cchc.orgunits.users import COORDINATOR_GROUP, coordinator_group

    if Group.objects.filter(name=COORDINATOR_GROUP).exists():
        coordinator_group()


class Config(AppConfig):
    name = "cchc.signatures"
    label = "signatures"
    verbose_name = "Ký số"

    def ready(self):
        post_migrate.connect(_refresh_coordinator_group, sender=self)
