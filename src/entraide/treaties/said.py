"""What the legal-basis engine says, kept so it can be said again in another language.

The engine writes its reasons, conditions, requirements and warnings in the active language, as
plain text (the JSON answer keeps them so). Each of them is a :class:`Said`: a ``str`` that also
remembers its English message and parameters, so :func:`message` can store it as a code with its
parameters and :func:`render` can translate it when it is shown, in the reader's language, with
its dates in the reader's format. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext


class Said(str):
    """A sentence in the active language that remembers how it was made: a message id and its
    parameters, or the parts it was joined from."""

    # Class defaults: an instance sets only what it has (the engine makes thousands a second).
    msgid: str | None = None
    params: dict[str, Any] | None = None
    parts: list[Any] | None = None

    def __mod__(self, params: Any) -> Said:  # keeps what it was made of
        said = str.__new__(Said, str.__mod__(self, params))
        if self.msgid is not None and type(params) is dict:
            said.msgid, said.params = self.msgid, params
        return said

    def __add__(self, other: str) -> Said:
        said = str.__new__(Said, str.__add__(self, other))
        said.parts = [self, other]
        return said

    def __radd__(self, other: str) -> Said:
        said = str.__new__(Said, str.__add__(other, self))
        said.parts = [other, self]
        return said


class SaidDate(Said):
    """A date inside a sentence: ISO in the text, the reader's format when shown again."""

    date: dt.date


_DATES: dict[dt.date, SaidDate] = {}


def said_date(value: dt.date) -> SaidDate:
    """``value`` for a sentence (one object per date: a resolution names the same few dates)."""
    found = _DATES.get(value)
    if found is None:
        found = str.__new__(SaidDate, value.isoformat())
        found.date = value
        if len(_DATES) < 100_000:
            _DATES[value] = found
    return found


def said(msgid: str) -> Said:
    """``gettext(msgid)``, remembering ``msgid``."""
    found = str.__new__(Said, gettext(msgid))
    found.msgid = msgid
    return found


def message(value: Any) -> Any:
    """``value`` as JSON that :func:`render` reads: a message id with its parameters, a date, the
    parts of a joined sentence, or the plain text (a number stays a number)."""
    if isinstance(value, SaidDate):
        return {"date": value.date.isoformat()}
    if isinstance(value, Said):
        if value.parts is not None:
            return {"concat": [message(part) for part in value.parts]}
        if value.msgid is not None:
            found: dict[str, Any] = {"msgid": value.msgid}
            if value.params:
                found["params"] = {key: message(item) for key, item in value.params.items()}
            return found
        return str(value)
    if isinstance(value, str):
        return str(value)
    return value


def messages(values: list[str]) -> list[dict[str, Any]]:
    """Each sentence with the text it had (to match it again) and what it is made of."""
    return [{"text": str(v), "message": message(v)} for v in values]


def render(value: Any) -> str:
    """What :func:`message` kept, said in the active language (dates in its format)."""
    if isinstance(value, SaidDate):
        return date_format(value.date, "DATE_FORMAT")
    if isinstance(value, Said):
        return render(message(value))
    if isinstance(value, dict):
        if "date" in value:
            try:
                return date_format(dt.date.fromisoformat(value["date"]), "DATE_FORMAT")
            except (TypeError, ValueError):
                return str(value["date"])
        if "concat" in value:
            return "".join(render(part) for part in value["concat"])
        if "msgid" in value:
            text = gettext(str(value["msgid"]))
            params = value.get("params")
            if not params:
                return text
            try:
                return text % {key: render(item) for key, item in params.items()}
            except (KeyError, TypeError, ValueError):  # a catalogue that lost a parameter: the English
                return str(value["msgid"]) % {key: render(item) for key, item in params.items()}
        return str(value.get("text", ""))
    return str(value)


def render_stored(option: dict[str, Any], kind: str) -> list[str]:
    """The ``kind`` sentences (reasons, conditions ...) of a stored option, said again in the active
    language where the option kept their messages; a sentence prefixed by its offence ("s. 12:
    ...") keeps its prefix; one it cannot match is shown as it was stored."""
    texts = [str(t) for t in option.get(kind) or []]
    kept = {m.get("text"): m.get("message") for m in (option.get("messages") or {}).get(kind, [])}
    shown = []
    for text in texts:
        if text in kept:
            shown.append(render(kept[text]))
            continue
        prefix, sep, rest = text.partition(": ")
        shown.append(f"{prefix}{sep}{render(kept[rest])}" if sep and rest in kept else text)
    return shown
