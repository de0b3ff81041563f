from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.catalog"
    label = "catalog"
    verbose_name = "Biểu mẫu"
