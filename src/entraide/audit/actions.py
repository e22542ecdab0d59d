"""What each audit action code means, in a sentence the reader's language can carry.

The log stores codes (``request.viewed``); the pages translate them here. A code written by the
code base and missing from this registry shows as itself (tests/test_actions.py finds every code
the services write and fails on one without a sentence). Status moves (``request.<status>``,
``measure.<status>``) read the status's own label from the model, so a new status needs no entry.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    # Accounts and sign-in
    "auth.failed": _("Failed sign-in or code check"),
    "auth.reset_requested": _("Asked for a password reset"),
    "auth.throttled": _("Sign-in checks paused after too many failures"),
    "user.created": _("Created a user"),
    "user.activated": _("Reactivated a user"),
    "user.deactivated": _("Deactivated a user"),
    "user.password_set": _("Set a user's password"),
    "user.viewed": _("Viewed a user"),
    # Requests
    "request.created": _("Created a request"),
    "request.updated": _("Edited a request"),
    "request.viewed": _("Viewed a request"),
    "request.shown": _("Listed requests"),
    "request.checked": _("Checked a request against the quality rules"),
    "request.deadline-added": _("Added a deadline to a request"),
    "request.offence-added": _("Added an offence to a request"),
    "request.person-added": _("Added a person to a request"),
    "request.offence-removed": _("Removed an offence from a request"),
    "request.person-removed": _("Removed a person from a request"),
    "request.measure-removed": _("Removed a measure from a request"),
    "request.deadline-removed": _("Removed a deadline from a request"),
    "request.finding-overridden": _("Let a quality warning go, with a reason"),
    "request.legal-basis-chosen": _("Chose the legal basis of a request"),
    "request.letter-generated": _("Generated a letter of request"),
    "request.translation-set": _("Set a translation of a request"),
    "request.use-consent-recorded": _("Recorded consent to use evidence"),
    "request.use-limitation-received": _("Received a use limitation"),
    "measure.created": _("Added a measure"),
    "measure.updated": _("Edited a measure"),
    "measure.result-received": _("Received the result of a measure"),
    "measure.result-recorded": _("Recorded the result of a measure"),
    "document.uploaded": _("Uploaded a document"),
    "document.viewed": _("Opened a document"),
    "document.received": _("Received a document through the secure exchange"),
    "document.copied": _("Copied a document to another request"),
    "document.exported": _("Exported a document"),
    "document.shared": _("Shared a document with the executing authority"),
    "document.unshared": _("Stopped sharing a document with the executing authority"),
    "document.copy-blocked": _("Copy refused: the evidence is under a use limitation"),
    "document.export-blocked": _("Export refused: the evidence is under a use limitation"),
    "document.key-rewrapped": _("Re-wrapped a document's key under the new master key"),
    "document.orphans-removed": _("Removed stored files no document uses"),
    "reminder.raised": _("Raised a reminder"),
    "reminder.emailed": _("Sent a reminder by e-mail"),
    "reminder.dismissed": _("Dismissed a reminder"),
    # The request writer
    "authority.four-eyes-relaxed": _("Let a supervisor approve their own requests"),
    "authority.four-eyes-restored": _("Required a second supervisor's approval again"),
    "drafting.quality-rules-loaded": _("Loaded the quality rules"),
    "letter-template.saved": _("Saved a letter template"),
    "signing-certificate.set": _("Set the signing certificate"),
    "signing-certificate.removed": _("Removed the signing certificate"),
    # Notifications
    "notification.sent": _("Sent a notification"),
    "notification.read": _("Read a notification"),
    "notification.read-all": _("Marked all notifications read"),
    "notification-preferences.changed": _("Changed notification preferences"),
    # Directory and reference data
    "authority.created": _("Created an authority"),
    "authority.updated": _("Edited an authority"),
    "authority.imported": _("Imported an authority"),
    "authority.statistics-threshold-set": _("Set the statistics' small-count threshold"),
    "contact_point.created": _("Added a contact point"),
    "contact_point.updated": _("Edited a contact point"),
    "contactpoint.imported": _("Imported a contact point"),
    "contactpoint.created": _("Added a contact point"),
    "contactpoint.updated": _("Edited a contact point"),
    "contactpoint.verified": _("Marked a contact point verified"),
    "contactpoint.deactivated": _("Deactivated a contact point"),
    "contactpoint.reactivated": _("Reactivated a contact point"),
    "contactpoint.deleted": _("Deleted a contact point"),
    "authority.verified": _("Marked an authority's details verified"),
    "designation.created": _("Added a designation"),
    "designation.updated": _("Edited a designation"),
    "network.created": _("Added a network"),
    "network.updated": _("Edited a network"),
    "membership.created": _("Added a network membership"),
    "membership.updated": _("Edited a network membership"),
    "directory.loaded": _("Loaded the directory"),
    "directory.authorities_imported": _("Imported authorities from a CSV file"),
    "directory.contact_points_imported": _("Imported contact points from a CSV file"),
    "reference.loaded": _("Loaded the reference data"),
    "jurisdiction.created": _("Added a jurisdiction"),
    "jurisdiction.changed": _("Edited a jurisdiction"),
    "jurisdiction.deleted": _("Deleted a jurisdiction"),
    "language.created": _("Added a language"),
    "language.changed": _("Edited a language"),
    "language.deleted": _("Deleted a language"),
    "offenceclass.created": _("Added an ICCS offence class"),
    "offenceclass.changed": _("Edited an ICCS offence class"),
    "offenceclass.deleted": _("Deleted an ICCS offence class"),
    "treaties.loaded": _("Loaded the treaties"),
    "treaties.untc_imported": _("Imported a status table from the UN Treaty Collection"),
    "treaties.instrument_saved": _("Saved an instrument"),
    "treaties.participation_saved": _("Saved a participation"),
    "treaties.declaration_saved": _("Saved a declaration"),
    "treaties.bilateral_saved": _("Saved a bilateral treaty"),
    # Library
    "library_document.created": _("Added a library document"),
    "library_document.updated": _("Edited a library document"),
    "library_document.deleted": _("Deleted a library document"),
    "library_document.viewed": _("Opened a library document"),
    "library_document.shown": _("Listed library documents"),
    "library_document.key-rewrapped": _("Re-wrapped a library file's key under the new master key"),
    "library_version.saved": _("Saved a language version of a library document"),
    # Statistics
    "statistics.viewed": _("Viewed the statistics"),
    "statistics.exported": _("Exported the statistics"),
    # The secure exchange
    "exchange.conversation-viewed": _("Opened a request's secure exchange"),
    "exchange.key-created": _("Created the node's keys"),
    "exchange.key-rotated": _("Rotated the node's keys"),
    "exchange.key-rewrapped": _("Re-wrapped the node's private keys"),
    "exchange.message-queued": _("Queued a message for the secure exchange"),
    "exchange.message-received": _("Received a message through the secure exchange"),
    "exchange.message-retried": _("Retried a message"),
    "exchange.message-dead": _("Gave up on a message after its retries"),
    "exchange.peer-added": _("Added a peer node"),
    "exchange.peer-configured": _("Configured a peer node"),
    "exchange.peer-keys-updated": _("Updated a peer node's keys"),
    "exchange.peer-suspended": _("Suspended a peer node"),
    "exchange.peer-resumed": _("Resumed a peer node"),
    "exchange.evidence-submission-accepted": _("Evidence received: submission accepted"),
    "exchange.evidence-submission-rejected": _("Evidence received: submission rejected"),
    "exchange.evidence-delivered": _("Evidence received: delivered"),
    "exchange.evidence-not-delivered": _("Evidence received: not delivered"),
    "exchange.evidence-retrieved": _("Evidence received: retrieved by an officer"),
}

# Families whose second part is a status of the model named: the sentence takes the status's label.
STATUS_FAMILIES: dict[str, tuple[str, Promise]] = {
    "request": ("cases.request", _("Moved a request to “%(status)s”")),
    "measure": ("cases.measure", _("Moved a measure to “%(status)s”")),
}


def _status_choices(model_label: str) -> dict[str, str]:
    try:
        field = apps.get_model(model_label)._meta.get_field("status")
    except (LookupError, FieldDoesNotExist, ImproperlyConfigured):
        return {}
    return {str(code): str(label) for code, label in (field.choices or [])}


def label(code: str) -> str | None:
    """The sentence for an action code, in the active language; None for a code nobody registered."""
    if code in LABELS:
        return str(LABELS[code])
    family, _dot, rest = code.partition(".")
    if family in STATUS_FAMILIES:
        model_label, sentence = STATUS_FAMILIES[family]
        status = _status_choices(model_label).get(rest)
        if status is not None:
            return str(sentence) % {"status": status}
    return None


def choices() -> list[tuple[str, str]]:
    """Every known code with its sentence, sorted by the sentence (the audit page's filter)."""
    known = {code: str(text) for code, text in LABELS.items()}
    for family, (model_label, sentence) in STATUS_FAMILIES.items():
        for status, status_label in _status_choices(model_label).items():
            known.setdefault(f"{family}.{status}", str(sentence) % {"status": status_label})
    return sorted(known.items(), key=lambda item: item[1].casefold())
