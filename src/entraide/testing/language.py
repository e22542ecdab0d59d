"""Find English left in a French or Arabic page (the language gate of the page tests).

What a page may show in English: proper names and data that exists in English only. So a text
of the page (``crawl.visible_texts``) is a *leak* when, once the allowed names are taken out
(``tests/pages_allowed.yaml``: each entry a literal ``text`` or a ``pattern``, with a ``why``):

- it is, or (for a message of two words or more) contains, an English message of the project's
  catalogue that has a translation of its own in that language, or none yet (a message whose
  translation is the message itself, such as "Date" in French, is not English);
- or it reads as English: in Arabic, two Latin-script words in a row; in French, two English
  function words in a row ("of the", "has been") or a text of three words or more with two of them.

Data marks itself: text inside an element whose ``lang`` is not the page's is in another language
on purpose and is never a leak; text inside ``<bdi>``, ``dir="auto"`` or a form field is user or
other-language data, so only the catalogue test applies to it, and only as a whole (a catalogue
message there is still interface text left in English; a title typed by a user that happens to
contain "Bank records" is not).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from .crawl import Text

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

ENGLISH_FUNCTION_WORDS = frozenset(
    # English words that are not also French words (so not "a", "an", "as", "on", "or", "son").
    """the of and to in is for with by from this that these those be are was were been being has have had
    not at it its will can could should would must may you your we our they their which who whom whose what
    when where there here all any no than then into onto about after before over under only also each every
    other such do does did if how why per been yet upon""".split()  # noqa: SIM905 (a list of words reads better)
)
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")
_LATIN_RUN = re.compile(r"[A-Za-z]{2,}(?:['\u2019-][A-Za-z]+)*(?:[\s,]+[A-Za-z]{2,}(?:['\u2019-][A-Za-z]+)*)+")
_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[a-z_0-9]*\}")


@dataclass(frozen=True)
class Allowed:
    texts: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def remove(self, text: str) -> str:
        for literal in self.texts:
            text = text.replace(literal, " ")
        for pattern in self.patterns:
            text = pattern.sub(" ", text)
        return re.sub(r"\s+", " ", text).strip()


def load_allowed(path: Path) -> Allowed:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing_why = [entry for entry in entries if not entry.get("why")]
    assert not missing_why, f"every allowed entry says why: {missing_why}"
    # Longest first, so "UNTOC Protocol" is taken out before "UNTOC".
    texts = sorted((entry["text"] for entry in entries if "text" in entry), key=len, reverse=True)
    patterns = [re.compile(entry["pattern"]) for entry in entries if "pattern" in entry]
    return Allowed(tuple(texts), tuple(patterns))


@dataclass(frozen=True)
class Catalogue:
    """The English messages that a page in ``language`` must not show as they are."""

    whole: frozenset[str]  # a text equal to one of these is a leak
    translations: frozenset[str]  # a text equal to one of these is the catalogue's own translation
    inside: re.Pattern[str]  # any message of two words or more (placeholders match anything) inside a text


@cache
def catalogue(language: str) -> Catalogue:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        messages = read_po(po)
    english: set[str] = set()
    translations: set[str] = set()
    for message in messages:
        if not message.id:
            continue
        ids = [str(msgid) for msgid in message.id] if isinstance(message.id, tuple | list) else [str(message.id)]
        strings = [str(s) for s in message.string] if isinstance(message.string, tuple | list) else [message.string]
        for index, msgid in enumerate(ids):
            translated = strings[min(index, len(strings) - 1)] if strings else ""
            if translated:
                translations.add(" ".join(translated.split()))
            if translated != msgid and _WORD.search(msgid):
                english.add(" ".join(msgid.split()))
    whole = frozenset(_PLACEHOLDER.sub("", m).strip() for m in english if len(_WORD.findall(m)) >= 1)
    bodies = []
    for msgid in sorted(english, key=len, reverse=True):  # the longest message that matches is named
        pieces = [piece.strip() for piece in _PLACEHOLDER.split(msgid)]
        if len([w for piece in pieces for w in _WORD.findall(piece)]) < 2:
            continue
        # Placeholders stand for anything; the message is found with word boundaries around it.
        bodies.append(r".+?".join(re.escape(piece) for piece in pieces if piece))
    inside = re.compile(r"(?<![\w-])(?:" + "|".join(bodies) + r")(?![\w-])")
    return Catalogue(whole=whole, translations=frozenset(translations), inside=inside)


@dataclass(frozen=True)
class Leak:
    text: str
    why: str  # "catalogue: <the English found>" or "reads as English"
    where: str
    kind: str


def _reads_as_english(text: str, language: str) -> bool:
    if language == "ar":
        return bool(_LATIN_RUN.search(text))
    words = [word.lower() for word in _WORD.findall(text)]
    marks = [word in ENGLISH_FUNCTION_WORDS for word in words]
    if any(first and second for first, second in itertools.pairwise(marks)):
        return True
    return len(words) >= 3 and sum(marks) >= 2


def find_leaks(texts: list[Text], language: str, allowed: Allowed) -> list[Leak]:
    messages = catalogue(language)
    leaks: list[Leak] = []
    seen: set[tuple[str, str]] = set()
    for item in texts:
        if item.other_language or (item.text, item.kind) in seen:
            continue
        seen.add((item.text, item.kind))
        text = allowed.remove(item.text)
        if not _WORD.search(text):
            continue
        why = ""
        bare = text.rstrip(" :.…").strip()
        if text in messages.translations or bare in messages.translations:
            continue  # the translation itself (which may hold an English name, "رمز ISO alpha-2")
        if text in messages.whole or bare in messages.whole:
            why = f"catalogue: {bare!r}"
        elif not item.isolated and (found := messages.inside.search(text)):
            why = f"catalogue: {found.group(0)!r}"
        if not why and not item.isolated and _reads_as_english(text, language):
            why = "reads as English"
        if why:
            leaks.append(Leak(text=item.text, why=why, where=item.where, kind=item.kind))
    return leaks
