from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DraftingConfig(AppConfig):
    name = "entraide.drafting"
    label = "drafting"
    verbose_name = _("Request writer")
