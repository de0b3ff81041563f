from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.signatures"
    label = "signatures"
    verbose_name = "Ký số"
