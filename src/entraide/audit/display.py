"""The audit trail as a reader sees it: a sentence for the action, the actor's name, the object as
a link to its page (when the reader may open it) and what changed, before and after.

The log speaks of other apps' rows by label and id only (``cases.request``, ``4``); they are
looked up here by label through the app registry, read through ``restrict(viewer)`` so an object
the reader may not see stays plain text."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entraide.tenancy.policies import can

from . import actions
from .models import AuditEvent


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the page of an object of one type is: the URL name and the attribute giving its id."""

    url_name: str
    url_arg: str
    text: Callable[[Any], str] = str
    related: tuple[str, ...] = ()
    page_model: str = ""  # the model of the page linked to, when not the object's own


def _request_ref(obj: Any) -> str:
    return str(obj.request.our_reference)


TARGETS: dict[str, Target] = {
    "cases.request": Target("cases:request-detail", "pk", lambda obj: str(obj.our_reference)),
    "cases.measure": Target(
        "cases:request-detail",
        "request_id",
        lambda obj: f"{obj.get_kind_display()} · {obj.request.our_reference}",
        ("request",),
        "cases.request",
    ),
    "cases.document": Target(
        "cases:request-detail",
        "request_id",
        lambda obj: f"{obj.title} · {obj.request.our_reference}",
        ("request",),
        "cases.request",
    ),
    "cases.offence": Target("cases:request-detail", "request_id", _request_ref, ("request",), "cases.request"),
    "cases.person": Target("cases:request-detail", "request_id", _request_ref, ("request",), "cases.request"),
    "cases.deadline": Target("cases:request-detail", "request_id", _request_ref, ("request",), "cases.request"),
    "cases.reminder": Target("cases:request-detail", "request_id", _request_ref, ("request",), "cases.request"),
    "directory.contactpoint": Target(
        "directory:authority-detail", "authority_id", lambda obj: f"{obj} · {obj.authority}", ("authority",)
    ),
    "tenancy.authority": Target("directory:authority-detail", "pk"),
    "accounts.user": Target("accounts:user-detail", "pk"),
    "library.document": Target("library:document", "pk"),
    "library.version": Target("library:document", "document_id", str, ("document",), "library.document"),
}

# Keys of ``detail`` other than the changes, in words.
DETAIL_LABELS: dict[str, Promise] = {
    "fields": _("Fields changed"),
    "changed": _("Fields changed"),
    "ids": _("Records shown"),
    "parts": _("Parts shown"),
    "where": _("Page"),
    "by": _("By"),
    "remote": _("Through the secure exchange"),
    "reason": _("Reason"),
    "ground": _("Ground"),
    "count": _("Count"),
    "created": _("Created"),
    "updated": _("Updated"),
    "target": _("Target"),
    "version": _("Version"),
    "code": _("Code"),
    "account": _("Account"),
    "address": _("Address"),
    "check": _("Check"),
    "language": _("Language"),
    "format": _("Format"),
    "indicator": _("Indicator"),
    "filename": _("File name"),
}


# The parts of a page a list event (``<model>.shown``) says it showed, in words. A part that is
# none of these is read as a field of the listed model, then as another model's name.
PART_LABELS: dict[str, Promise] = {
    "request": _("Requests"),
    "reminder": _("Reminders"),
    "reminders": _("Reminders"),
    "measure": _("Measures"),
    "deadline": _("Deadlines"),
    "offence": _("Offences"),
    "person": _("Persons"),
    "timeline": _("Timeline"),
    "documents": _("Documents"),
    "passage": _("Passages of documents"),
    "title": _("Title"),
}


@dataclasses.dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclasses.dataclass
class Row:
    """One event, ready to show."""

    event: AuditEvent
    action_text: str | None
    actor_name: str
    actor_email: str
    type_text: str
    object_text: str
    object_url: str = ""
    changes: list[Change] = dataclasses.field(default_factory=list)
    details: list[tuple[str, str, bool]] = dataclasses.field(default_factory=list)  # (label, value, label is a code)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    """The object type in words ("Request"), or the stored label when the model is gone."""
    model = _model(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else object_type


def type_choices() -> list[tuple[str, str]]:
    """The object types the filter offers: those whose pages the trail links to."""
    return sorted(((label, type_label(label)) for label in TARGETS), key=lambda item: item[1].casefold())


def _visible(model: type[models.Model], viewer: Any, ids: Iterable[str], related: tuple[str, ...]) -> dict[str, Any]:
    pks = [pk for pk in ids if pk.isdigit()]
    if not pks:
        return {}
    manager: Any = model._default_manager
    rows = manager.restrict(viewer, "view") if hasattr(manager, "restrict") else manager.all()
    return {str(obj.pk): obj for obj in rows.filter(pk__in=pks).select_related(*related)}


def _role_may_view(viewer: Any, model: type[models.Model]) -> bool:
    """Whether the viewer's role opens pages of this model (directory data has no tenant policy: any member)."""
    if getattr(model, "tenancy", None) is None:
        return True
    return can(viewer, "view", model)


def _model_named(name: str) -> type[models.Model] | None:
    """The model called ``name`` in an action code: its model name (``request``) or, where two
    apps share one, its app label and model name (``library_document``)."""
    for model in apps.get_models():
        if name in (model._meta.model_name, f"{model._meta.app_label}_{model._meta.model_name}"):
            return model
    return None


def _listed_model(action: str) -> type[models.Model] | None:
    """The model a list event (``request.shown``, ``library_document.shown``: see
    ``record_shown``) names, so the parts it showed read as that model's field names."""
    name, _dot, verb = action.rpartition(".")
    return _model_named(name) if verb == "shown" and name else None


def _field_label(model: type[models.Model] | None, name: str) -> tuple[str, bool]:
    """A field's name in words when the object's model knows it; else the name itself (a code)."""
    if model is not None:
        try:
            return str(capfirst(model._meta.get_field(name).verbose_name)), False  # type: ignore[union-attr]
        except FieldDoesNotExist:
            pass
    return name, True


def _part_label(model: type[models.Model] | None, name: str) -> str:
    if name in PART_LABELS:
        return str(PART_LABELS[name])
    label, is_code = _field_label(model, name)
    if not is_code:
        return label
    other = _model_named(name)
    return str(capfirst(other._meta.verbose_name_plural)) if other is not None else name


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _status_value(model: type[models.Model] | None, code: Any) -> str:
    if model is None:
        return _value(code)
    try:
        choices = dict(model._meta.get_field("status").choices or [])  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return _value(code)
    return str(choices.get(code, _value(code)))


def _changes(event: AuditEvent, model: type[models.Model] | None) -> list[Change]:
    detail = event.detail if isinstance(event.detail, dict) else {}
    out: list[Change] = []
    if "from" in detail and "to" in detail:
        out.append(
            Change(
                _field_label(model, "status")[0],
                _status_value(model, detail["from"]),
                _status_value(model, detail["to"]),
            )
        )
    changes = detail.get("changes")
    if isinstance(changes, dict):
        for name, pair in changes.items():
            before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            out.append(Change(_field_label(model, str(name))[0], _value(before), _value(after)))
    return out


def _details(event: AuditEvent, model: type[models.Model] | None) -> list[tuple[str, str, bool]]:
    detail = event.detail if isinstance(event.detail, dict) else {}
    out = []
    for key, value in detail.items():
        if key in ("changes", "from", "to"):
            continue
        if key in ("fields", "changed") and isinstance(value, list):
            value = [_field_label(model, str(name))[0] for name in value]
        elif key == "parts" and isinstance(value, list):
            value = [_part_label(model, str(name)) for name in value]
        if key in DETAIL_LABELS:
            out.append((str(DETAIL_LABELS[key]), _value(value), False))
        else:
            out.append((key, _value(value), True))
    return out


def present(events: Iterable[AuditEvent], viewer: Any) -> list[Row]:
    """The rows of a page of events, with one query per object type on the page."""
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type in TARGETS and event.object_id:
            wanted[event.object_type].add(event.object_id)
    found: dict[str, dict[str, Any]] = {}
    for object_type, ids in wanted.items():
        model, target = _model(object_type), TARGETS[object_type]
        page = _model(target.page_model or object_type)
        may = model is not None and page is not None and _role_may_view(viewer, page)
        found[object_type] = _visible(model, viewer, ids, target.related) if may and model is not None else {}
    rows = []
    for event in events:
        model = _model(event.object_type) if event.object_type else _listed_model(event.action)
        actor = event.actor if event.actor_id else None
        if actor is not None:
            name, email = actor.full_name or actor.email, actor.email
        elif event.actor_label == "system":
            name, email = gettext("Entraide (automatic)"), ""
        else:  # the user row is gone: the label the log kept
            name, email = event.actor_label, event.actor_label
        row = Row(
            event=event,
            action_text=actions.label(event.action),
            actor_name=name,
            actor_email=email,
            type_text=type_label(event.object_type) if event.object_type else "",
            object_text="",
            changes=_changes(event, model),
            details=_details(event, model),
        )
        obj = found.get(event.object_type, {}).get(event.object_id)
        if obj is not None:
            target = TARGETS[event.object_type]
            row.object_text = target.text(obj)
            row.object_url = reverse(target.url_name, args=[getattr(obj, target.url_arg)])
        elif event.object_type:
            row.object_text = f"#{event.object_id}" if event.object_id else ""
        rows.append(row)
    return rows
