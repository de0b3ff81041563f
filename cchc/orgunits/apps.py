from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _refresh_coordinator_group(sender, using="default", **kwargs):
    # Permissions exist only after migrate has created them (post_migrate): an existing group is
    # brought up to date then, a missing one is created with the first coordinator account.
    from django.contrib.auth.models import Group

    from .users import COORDINATOR_GROUP, coordinator_group

    if Group.objects.using(using).filter(name=COORDINATOR_GROUP).exists():
        coordinator_group()


class Config(AppConfig):
    name = "cchc.orgunits"
    label = "orgunits"
    verbose_name = "Đơn vị"

    def ready(self):
        post_migrate.connect(_refresh_coordinator_group, sender=self)
