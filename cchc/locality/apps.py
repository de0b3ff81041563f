from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.locality"
    label = "locality"
    verbose_name = "Địa phương"
