"""Read the shipped treaty texts (``data/treaty-texts/*.md``): a title, a preamble, articles.

The files are a Markdown conversion of the Dutch Treaty Database (see the folder's README): a
Dutch title on a ``##`` line, the English title on the first ``####`` line, then ``### Article N``
with its heading on a ``####`` line and numbered paragraphs. Chapter and section lines
(``### CHAPTER II``, ``###SECTION 1``, ``###TITLE 2``) group articles; they are kept as the
heading's context, not as articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE = re.compile(r"^###\s*Article\s+(\d+(?:\s*(?:bis|ter|quater))?)\s*$", re.IGNORECASE)
GROUP = re.compile(r"^###\s*(CHAPTER|SECTION|TITLE|PART)\b.*$", re.IGNORECASE)
HEADING = re.compile(r"^####\s*(.*?)\s*$")
DUTCH_TITLE = re.compile(r"^##(?!#)")
# "1.   text" -> "1. text": the conversion pads paragraph numbers with spaces.
PADDING = re.compile(r"[ \t]{2,}")
# Markdown emphasis ("*ordre public*", "paragraph 2 (*a*)", "####*Use of terms*"): the words stay, the stars go.
EMPHASIS = re.compile(r"\*([^*\n]+)\*")


def _plain(text: str) -> str:
    return EMPHASIS.sub(r"\1", text)


@dataclass
class Article:
    number: str
    heading: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _paragraphs(self.lines)


@dataclass
class TreatyText:
    code: str
    title: str
    preamble: str
    articles: list[Article]


def _paragraphs(lines: list[str]) -> str:
    """The lines as paragraphs separated by one blank line, without the conversion's padding."""
    paragraphs = [PADDING.sub(" ", _plain(line)).strip() for line in lines]
    return "\n\n".join(p for p in paragraphs if p)


def parse(path: Path) -> TreatyText:
    title = ""
    preamble: list[str] = []
    articles: list[Article] = []
    group_heading = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if DUTCH_TITLE.match(line):
            continue
        if match := ARTICLE.match(line):
            articles.append(Article(number=re.sub(r"\s+", " ", match.group(1)).lower()))
            group_heading = False
            continue
        if GROUP.match(line):
            group_heading = True
            continue
        if match := HEADING.match(line):
            text = _plain(match.group(1)).strip()
            if not title:
                title = text
            elif group_heading:
                group_heading = False
            elif articles and not articles[-1].heading and not articles[-1].lines:
                articles[-1].heading = text
            else:
                (articles[-1].lines if articles else preamble).append(text)
            continue
        if line.strip():
            (articles[-1].lines if articles else preamble).append(line)
    if not title or not articles:
        raise ValueError(f"{path.name}: no title or no article found")
    return TreatyText(code=path.stem, title=title, preamble=_paragraphs(preamble), articles=articles)


def read_all(directory: Path) -> list[TreatyText]:
    """Every instrument's text in the folder, in file-name order."""
    return [parse(path) for path in sorted(directory.glob("*.md")) if path.name != "README.md"]
