from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.consolidation"
    label = "consolidation"
    verbose_name = "Tổng hợp"
