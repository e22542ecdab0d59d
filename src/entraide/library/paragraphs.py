"""A section's text cut into paragraphs, each numbered paragraph of an article with its own address.

In an article, "8. States Parties shall not decline ..." is paragraph 8: it gets the id ``art-18-8``
so a citation of art. 18(8) links to it; its sub-paragraphs "(b) ..." or "b) ..." get
``art-18-8-b`` (art. 46(9)(b)). Paragraphs are separated by a blank line; a single line break stays
a line break inside its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Section

NUMBERED = re.compile(r"^(\d{1,3})\.(?:\s|$)")
LETTERED = re.compile(r"^\(?([a-z])\)\s")
BLANK_LINE = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str


def paragraph_id(number: str, paragraph: str, sub: str = "") -> str:
    """The id of paragraph ``paragraph`` (and sub-paragraph ``sub``) of article ``number``."""
    return "-".join(part for part in ("art", number.replace(" ", "-"), paragraph, sub) if part)


def split(section: Section) -> list[Paragraph]:
    """The section's paragraphs; in an article, numbered ones (and their lettered sub-paragraphs)
    carry an id, unique within the article."""
    out: list[Paragraph] = []
    seen: set[str] = set()
    current = ""
    for text in BLANK_LINE.split(section.text.replace("\r\n", "\n")):
        text = text.strip("\n")
        if not text.strip():
            continue
        ident = ""
        if section.number:
            if match := NUMBERED.match(text):
                current = match.group(1)
                ident = paragraph_id(section.number, current)
            elif current and (match := LETTERED.match(text)):
                ident = paragraph_id(section.number, current, match.group(1))
        if ident in seen:
            ident = ""
        seen.add(ident)
        out.append(Paragraph(ident, text))
    return out
