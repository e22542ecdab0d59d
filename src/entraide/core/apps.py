from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    label = "core"
    verbose_name = "Entraide"
