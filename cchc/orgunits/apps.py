from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.orgunits"
    label = "orgunits"
    verbose_name = "Đơn vị"
