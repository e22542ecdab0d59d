from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "entraide.cases"
    label = "cases"
    verbose_name = _("Requests")

    def ready(self) -> None:
        from entraide.audit import evidence
        from entraide.core import home

        from . import queues
        from .models import TimelineEntry

        # Every transition writes its timeline entry and its audit event in one transaction.
        evidence.register(TimelineEntry, "at")
        # The home page shows the user's work queues with their counts.
        home.register("cases", queues.for_user)
