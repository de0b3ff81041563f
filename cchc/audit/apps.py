from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.audit"
    label = "audit"
    verbose_name = "Nhật ký"
