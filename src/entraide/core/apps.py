from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entraide.core"
    label = "core"
    verbose_name = "Entraide"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")

        from .middleware import forget_mfa_check

        authenticator_removed.connect(forget_mfa_check, dispatch_uid="entraide-forget-mfa-check")
