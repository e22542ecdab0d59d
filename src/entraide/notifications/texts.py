"""What a notification says, in the active language: the database keeps its kind and what it is
about, never a sentence."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Kind, Notification

REMINDER_MEASURE_OVERDUE = "measure-overdue"
REMINDER_NO_ANSWER = "no-answer"


def _date(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _sentence(notification: Notification) -> tuple[str, dict[str, Any]]:
    """The sentence (with its placeholders) and its values; ``ref`` is the request's reference."""
    request, measure, reminder = notification.request, notification.measure, notification.reminder
    values: dict[str, Any] = {"ref": request.our_reference}
    if measure is not None:
        values["measure"] = measure.get_kind_display()
    kind = notification.kind
    if kind == Kind.REVIEW_REQUESTED:
        return _("%(ref)s awaits your approval"), values
    if kind == Kind.APPROVED:
        return _("%(ref)s was approved"), values
    if kind == Kind.RETURNED:
        return _("%(ref)s was returned to drafting"), values
    if kind == Kind.ASSIGNED:
        if measure is not None:
            return _("%(ref)s: a measure (%(measure)s) was assigned to your authority"), values
        return _("%(ref)s was assigned to your authority"), values
    if reminder is not None and reminder.kind == REMINDER_MEASURE_OVERDUE and measure is not None:
        values["date"] = _date(measure.due_on)
        return _("%(ref)s: the measure %(measure)s was due on %(date)s"), values
    if reminder is not None and reminder.kind == REMINDER_NO_ANSWER:
        values["date"] = _date(request.last_sent_at)
        return _("%(ref)s: no answer since %(date)s"), values
    if reminder is not None and reminder.deadline is not None:
        values["deadline"], values["date"] = reminder.deadline.get_kind_display(), _date(reminder.deadline.due_on)
        return _("%(ref)s: %(deadline)s on %(date)s"), values
    return _("%(ref)s needs your attention"), values


def sentence(notification: Notification) -> str:
    """Plain text (an e-mail's subject and text body)."""
    text, values = _sentence(notification)
    return text % values


def sentence_html(notification: Notification) -> SafeString:
    """For a page: the reference, text typed by a user, isolated in ``<bdi>``; everything escaped."""
    text, values = _sentence(notification)
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    escaped["ref"] = format_html("<bdi>{}</bdi>", values["ref"])
    return mark_safe(conditional_escape(text) % escaped)
