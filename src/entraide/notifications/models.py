"""Notifications: what a user is told (in the page and by e-mail), and how each user wants to be told."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entraide.tenancy import rules
from entraide.tenancy.policies import TenantManager, TenantPolicy


class Kind(models.TextChoices):
    REVIEW_REQUESTED = "review-requested", _("A request awaits your approval")
    APPROVED = "approved", _("Your request was approved")
    RETURNED = "returned", _("Your request was returned to drafting")
    ASSIGNED = "assigned", _("Work assigned to your authority")
    OVERDUE = "overdue", _("Overdue, or a deadline approaching")


class Notification(models.Model):
    """One thing one user is told about a request (or one of its measures); stored as a code, told in
    the reader's language."""

    Kind = Kind

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    request = models.ForeignKey("cases.Request", on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey("cases.Measure", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reminder = models.ForeignKey("cases.Reminder", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NOTIFICATION

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            # The unread count in the navigation, on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
        constraints = [
            # A reminder tells each person once, however many workers run.
            models.UniqueConstraint(
                fields=["recipient", "reminder"], condition=Q(reminder__isnull=False), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id} → {self.recipient_id}"


# Everyone is told of everything, in the page and by e-mail, until they choose otherwise.
DEFAULT_EMAIL = True
DEFAULT_IN_PAGE = True


class NotificationPreference(models.Model):
    """How one user wants to be told of one kind of notification."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    email = models.BooleanField(_("by e-mail"), default=DEFAULT_EMAIL)
    in_page = models.BooleanField(_("in the page"), default=DEFAULT_IN_PAGE)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NOTIFICATION_PREFERENCE

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class MailLanguage(models.Model):
    """The language a user's e-mails are written in: the one they last signed in with, unless they chose one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    language = models.CharField(_("language of e-mails"), max_length=10, choices=settings.LANGUAGES)
    chosen = models.BooleanField(default=False, help_text="Chosen on the preferences page: sign-ins do not change it.")

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NOTIFICATION_PREFERENCE

    class Meta:
        verbose_name = _("language of e-mails")
        verbose_name_plural = _("languages of e-mails")

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"
