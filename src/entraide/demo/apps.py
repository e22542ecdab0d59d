from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "entraide.demo"
    label = "demo"
    verbose_name = "Demo data"
