"""Every write of notifications: telling people (in the page and by e-mail, as each chose), marking
read, and the preferences. Audit-logged in the caller's transaction; e-mails leave once it commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.cases.errors import CaseValidationError
from entraide.cases.models import Measure, Reminder, Request

from . import texts
from .models import DEFAULT_EMAIL, DEFAULT_IN_PAGE, Kind, MailLanguage, Notification, NotificationPreference

log = logging.getLogger("entraide.notifications")

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)

# Set while a past is replayed (the demo's synthetic year): nobody is told of what happened long ago.
_silenced: ContextVar[bool] = ContextVar("notifications_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Tell nobody of the changes made inside (history replayed through the services)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def preferences_of(user_ids: Iterable[int]) -> dict[tuple[int, str], tuple[bool, bool]]:
    """(user, kind) -> (by e-mail, in the page) for the preferences users set; the defaults elsewhere."""
    rows = NotificationPreference.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "kind", "email", "in_page"
    )
    return {(user, kind): (email, in_page) for user, kind, email, in_page in rows}


def preference(found: Mapping[tuple[int, str], tuple[bool, bool]], user_id: int, kind: str) -> tuple[bool, bool]:
    return found.get((user_id, kind), (DEFAULT_EMAIL, DEFAULT_IN_PAGE))


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's language of e-mails; the site's language for those who have none yet."""
    ids = list(user_ids)
    known = dict(MailLanguage.objects.filter(user_id__in=ids).values_list("user_id", "language"))
    return {pk: known.get(pk) or settings.LANGUAGE_CODE for pk in ids}


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[User],
    request: Request,
    measure: Measure | None = None,
    reminder: Reminder | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Tell ``recipients`` (never the actor, never an inactive account) of ``kind`` about ``request``:
    a row in the page for those who want it, an e-mail once the transaction commits for those who
    want one. Returns the rows made."""
    if _silenced.get():
        return []
    actor_id = getattr(actor, "pk", None)
    people = {user.pk: user for user in recipients if user.is_active and user.pk != actor_id}
    if not people:
        return []
    chosen = preferences_of(people)
    made = [
        Notification(recipient=user, kind=kind, request=request, measure=measure, reminder=reminder, actor_id=actor_id)
        for pk, user in people.items()
        if preference(chosen, pk, kind)[1]
    ]
    Notification.objects.bulk_create(made)
    mailed = [user for pk, user in people.items() if preference(chosen, pk, kind)[0]]
    record(
        actor,
        "notification.sent",
        request,
        authority_id=request.authority_id,
        detail={
            "kind": kind,
            "recipients": sorted(people),
            "in_page": sorted(n.recipient_id for n in made),
            "emailed": sorted(user.pk for user in mailed),
            **({"measure": measure.pk} if measure is not None else {}),
        },
    )
    if mailed:
        sample = Notification(kind=kind, request=request, measure=measure, reminder=reminder)

        def send() -> None:
            _send(sample, mailed)

        transaction.on_commit(send, robust=True)
    return made


def absolute(path: str) -> str:
    return f"{settings.ENTRAIDE_BASE_URL}{path}"


def message_for(notification: Notification, user: User, language: str) -> EmailMultiAlternatives:
    """One e-mail, text and HTML, written in ``language``: what happened, the link to the request."""
    with translation.override(language):
        subject = _("[Entraide] %(what)s") % {"what": texts.sentence(notification)}
        context = {
            "sentence": texts.sentence(notification),
            "request": notification.request,
            "link": absolute(reverse("cases:request-detail", args=[notification.request_id])),
            "preferences": absolute(reverse("notifications:preferences")),
            "user": user,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def _send(notification: Notification, people: list[User]) -> None:
    """Send the e-mails of one event, each in its recipient's language (after the commit)."""
    languages = languages_of(user.pk for user in people)
    messages = [message_for(notification, user, languages[user.pk]) for user in people]
    sent = get_connection(fail_silently=False).send_messages(messages)
    log.info("notification %s about request %s: %s e-mail(s) sent", notification.kind, notification.request_id, sent)


@transaction.atomic
def notification_read(*, actor: User, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read (once: reading it again changes nothing)."""
    if notification.recipient_id != actor.pk:
        raise PermissionError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record(actor, "notification.read", notification, detail={"kind": notification.kind})
    return notification


@transaction.atomic
def notifications_read_all(*, actor: User) -> int:
    """Mark every unread notification of the actor read."""
    count = Notification.objects.restrict(actor, "change").filter(read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record(actor, "notification.read-all", None, detail={"count": count})
    return count


@transaction.atomic
def preferences_set(
    *, actor: User, choices: Mapping[str, tuple[bool, bool]], language: str | None = None
) -> dict[str, tuple[bool, bool]]:
    """Set how the actor is told of each kind (by e-mail, in the page) and, if given, the language of e-mails."""
    unknown = sorted(set(choices) - set(Kind.values))
    if unknown:
        raise CaseValidationError(_("Unknown kinds of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    if language is not None and language not in LANGUAGE_CODES:
        raise CaseValidationError(_("Choose one of the languages offered."))
    before = preferences_of([actor.pk])
    changed: dict[str, dict[str, Any]] = {}
    for kind, (email, in_page) in choices.items():
        if preference(before, actor.pk, kind) != (email, in_page):
            NotificationPreference.objects.update_or_create(
                user=actor, kind=kind, defaults={"email": email, "in_page": in_page}
            )
            changed[kind] = {"email": email, "in_page": in_page}
    if language is not None:
        current = MailLanguage.objects.filter(user=actor).first()
        if current is None or current.language != language or not current.chosen:
            MailLanguage.objects.update_or_create(user=actor, defaults={"language": language, "chosen": True})
            changed["language"] = {"language": language}
    if changed:
        record(actor, "notification-preferences.changed", actor, detail=changed)
    return {kind: preference(preferences_of([actor.pk]), actor.pk, kind) for kind in Kind.values}


@transaction.atomic
def mail_language_remember(*, user: User, language: str) -> None:
    """Write the user's e-mails in the language they sign in with, unless they chose one."""
    if language not in LANGUAGE_CODES:
        return
    current = MailLanguage.objects.filter(user=user).first()
    if current is not None and (current.chosen or current.language == language):
        return
    MailLanguage.objects.update_or_create(user=user, defaults={"language": language, "chosen": False})
    record(user, "notification-preferences.changed", user, detail={"language": {"language": language}})
