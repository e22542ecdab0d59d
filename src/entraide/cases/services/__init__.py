"""Every write to requests and their parts. Views, API, commands and the worker call these."""

from .documents import (
    document_copy,
    document_export,
    document_read,
    document_share,
    document_upload,
)
from .reminders import form_tokens_purge, reminder_dismiss, reminders_claim, reminders_raise, reminders_send
from .requests import (
    RECIPROCITY,
    deadline_add,
    legal_basis_options,
    measure_add,
    measure_transition,
    offence_add,
    person_add,
    refuse_move,
    request_assign,
    request_choose_legal_basis,
    request_create,
    request_record_use_consent,
    request_transition,
    request_update,
)

__all__ = [
    "RECIPROCITY",
    "deadline_add",
    "document_copy",
    "document_export",
    "document_read",
    "document_share",
    "document_upload",
    "form_tokens_purge",
    "legal_basis_options",
    "measure_add",
    "measure_transition",
    "offence_add",
    "person_add",
    "refuse_move",
    "reminder_dismiss",
    "reminders_claim",
    "reminders_raise",
    "reminders_send",
    "request_assign",
    "request_choose_legal_basis",
    "request_create",
    "request_record_use_consent",
    "request_transition",
    "request_update",
]
