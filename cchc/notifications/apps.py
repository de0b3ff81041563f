from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
