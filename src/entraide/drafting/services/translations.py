"""Translations of a request: which language, which document, who translates, by when, how far along."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.cases.errors import CaseValidationError
from entraide.cases.models import Document, Request
from entraide.cases.services.requests import OPEN_FOR_PARTS
from entraide.reference.models import Language

from ..models import Translation


@transaction.atomic
def translation_set(
    *,
    actor: User,
    request: Request,
    language: Language,
    status: str,
    document: Document | None = None,
    translator: str = "",
    due_on: dt.date | None = None,
    translated: Document | None = None,
) -> Translation:
    """Record or move the translation of the request (or of one of its documents) into ``language``.

    Only a translator's work counts: a translation is received or certified when a person
    delivered it; machine translation is never recorded as one.
    """
    if request.status not in OPEN_FOR_PARTS:
        raise CaseValidationError(_("This request is finished; nothing can be added to it."))
    if status not in Translation.Status.values:
        raise CaseValidationError(_("Unknown translation status."))
    for doc in (document, translated):
        if doc is not None and doc.request_id != request.pk:
            raise CaseValidationError(_("That document belongs to another request."))
    if status in (Translation.Status.RECEIVED, Translation.Status.CERTIFIED) and not translator.strip():
        raise CaseValidationError(_("Name the translator who delivered the translation."))
    translation, created = Translation.objects.select_for_update().get_or_create(
        request=request, document=document, language=language
    )
    old = "" if created else translation.status
    translation.status = status
    translation.translator = translator.strip()
    translation.due_on = due_on
    if translated is not None:
        translation.translated = translated
    translation.save()
    record(
        actor,
        "request.translation-set",
        request,
        detail={
            "translation": translation.pk,
            "language": language.code,
            "document": document.pk if document else None,
            "from": old,
            "to": status,
        },
    )
    return translation
