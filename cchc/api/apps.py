from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.api"
    label = "api"
    verbose_name = "API"
