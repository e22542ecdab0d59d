"""Citations of articles ("art. 18(15)", "UNCAC art. 46(9)(b)", "arts. 13-14 de l'UNTOC") turned
into links to their text in the library, and the anchors those links land on.

One helper for every layer: the legal-basis answer, quality findings, request pages and the API
all cite through :class:`Citations`. A citation is linked only when the library holds that
instrument's text and that article (:meth:`Citations.load` reads the pairs in one query; the
template tags keep one per request). The rest of the text is HTML-escaped: what comes out is
safe HTML whatever went in.

Grammar (the forms the catalogues use, in English, French, Spanish, Portuguese and Arabic):

- a word: ``art.``/``arts.`` (any case), or ``المادة``/``المادتان``/``المادتين``/``المواد``;
- one or more references after it: ``18``, ``18(15)``, ``46(9)(b)``, ``5(2)(c)-(d)``, joined by
  commas, ranges ("13-14") or "and" in the five languages ("2(j) and 36", "2(j) و36");
- an instrument code just before the word ("UNTOC art. 18", "CETS 185 art. 36(4)") or just
  after the references ("art. 16 de l'UNTOC", "arts. 13-14 da UNTOC") overrides the default
  instrument; a code the library does not hold leaves the citation as text, never linked to
  the default instrument by mistake;
- a code the library holds followed directly by a reference, "UNTOC 18(13)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

_CODE = r"(?<![A-Za-z0-9-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?:\s\d{3}\b)?(?![A-Za-z0-9])"
_NUMBER = r"\d{1,3}(?!\d)(?:\s(?:bis|ter|quater|quinquies)\b)?"
_PARAGRAPH = r"\((?:\d{1,3}|[a-z]{1,4})\)"
_REF = rf"{_NUMBER}(?:{_PARAGRAPH})*(?:-{_PARAGRAPH})?"
# Between two references: a comma, a range, "and"/"or" in the five languages, the Arabic "و"
# (written joined to the number that follows it: "2(j) و36").
_JOIN = r"(?:\s*[,،]\s*(?:و\s*)?|\s*[-\u2013]\s*|\s+(?:and|or|et|ou|y|o|e)\s+|\s+و\s*)"
_WORD = r"(?:\b[Aa][Rr][Tt][Ss]?\.|المادتان|المادتين|المادة|المواد)"
_OF = r"(?:\s+(?:de\s+l['\u2019]\s?|de\s+la\s+|del\s+|de\s+|da\s+|do\s+|of\s+the\s+|of\s+))"

CITATION = re.compile(
    rf"(?:(?P<before>{_CODE})\s+)?(?P<word>{_WORD})\s*(?P<refs>{_REF}(?:{_JOIN}{_REF})*)(?:{_OF}(?P<after>{_CODE}))?"
    rf"|(?P<bare>{_CODE})\s(?P<bare_ref>{_REF})"
)
REF = re.compile(rf"(?P<number>{_NUMBER})(?P<paragraphs>(?:{_PARAGRAPH})*)")
_PARAGRAPH_PART = re.compile(r"\(([^)]+)\)")
PARAGRAPH_KEY = re.compile(r"^[0-9a-z]{1,4}(?:-[0-9a-z]{1,4}){0,3}$")


def instrument_code(code: str) -> str:
    """The library's spelling of a code as it is cited: "CETS 185" is ``CETS-185``."""
    return code.strip().replace(" ", "-")


def article_number(number: str) -> str:
    """The library's spelling of an article number: "3 BIS" is ``3 bis``."""
    return re.sub(r"\s+", " ", number.strip().lower())


def anchor(number: str, paragraph: str = "") -> str:
    """The fragment of an article (``art-18``) or of one of its paragraphs (``art-18-15``,
    ``art-18-15-b``) on its instrument's page."""
    base = "art-" + article_number(number).replace(" ", "-")
    return f"{base}-{paragraph}" if paragraph else base


@dataclass(frozen=True)
class Reference:
    """One cited article: its instrument, its number and the paragraph path ("15-b", "" for none)."""

    instrument: str
    article: str
    paragraph: str = ""


def parse_reference(instrument: str, text: str) -> Reference | None:
    """``18(15)(b)`` of ``instrument`` as a :class:`Reference`; None if it is not a reference."""
    match = REF.fullmatch(text.strip())
    if match is None:
        return None
    parts = _PARAGRAPH_PART.findall(match["paragraphs"])
    return Reference(instrument_code(instrument), article_number(match["number"]), "-".join(parts))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    reference: Reference | None  # None: a citation the library cannot link (unknown instrument)


class Citations:
    """What the library can link to: the (instrument, article) pairs of the texts it holds."""

    def __init__(self, articles: Iterable[tuple[str, str]] = ()) -> None:
        self.articles = frozenset((code, article_number(number)) for code, number in articles)
        self.instruments = frozenset(code for code, _number in self.articles)

    @classmethod
    def load(cls) -> Citations:
        """The articles of the texts anyone may read, in one query."""
        from . import selectors  # the selectors import the models: keep this module light to import

        return cls(selectors.citable_articles())

    def holds(self, reference: Reference) -> bool:
        return (reference.instrument, reference.article) in self.articles

    def url(self, reference: Reference) -> str | None:
        """The article's address in the library (with the paragraph cited), None if it is not there."""
        if not self.holds(reference):
            return None
        url = reverse("library:article", args=[reference.instrument, reference.article])
        return f"{url}?paragraph={reference.paragraph}" if reference.paragraph else url

    # --- finding citations in a text ------------------------------------------------------

    def _spans(self, text: str, default: str) -> Iterator[_Span]:
        """Each cited reference of ``text`` with where it is: the first reference of a citation
        spans its code and word ("UNTOC art. 18"), the next ones only themselves ("36")."""
        for match in CITATION.finditer(text):
            if match["bare"] is not None:
                code = instrument_code(match["bare"])
                if code not in self.instruments:
                    continue  # "CETS 030 between the Parties": a code and a number, not a citation
                yield _Span(match.start(), match.end(), parse_reference(code, match["bare_ref"]))
                continue
            code = match["after"] or match["before"] or default
            code = instrument_code(code) if code else ""
            refs_start = match.start("refs")
            first = True
            for ref in REF.finditer(match["refs"]):
                start = match.start() if first else refs_start + ref.start()
                end = refs_start + ref.end()
                # "5(2)(c)-(d)": the range of paragraphs goes with the reference it ends.
                tail = re.match(rf"-{_PARAGRAPH}", match["refs"][ref.end() :])
                if tail:
                    end += tail.end()
                reference = parse_reference(code, ref.group()) if code else None
                yield _Span(start, end, reference)
                first = False

    def find(self, text: str, default: str = "") -> list[Reference]:
        """The references cited in ``text`` that the library holds, in order, without repeats."""
        seen: dict[Reference, None] = {}
        for span in self._spans(str(text or ""), default):
            if span.reference is not None and self.holds(span.reference):
                seen.setdefault(span.reference)
        return list(seen)

    def link(self, text: Any, default: str = "") -> SafeString:
        """``text`` as safe HTML: escaped, each citation of an article the library holds a link to it.

        ``default`` is the instrument a citation without a code refers to (the option's, the
        rule's); without one only citations that name their instrument are linked."""
        text = "" if text is None else str(text)
        out: list[str] = []
        position = 0
        for span in self._spans(text, default):
            url = self.url(span.reference) if span.reference is not None else None
            if url is None:
                continue
            out.append(escape(text[position : span.start]))
            out.append(format_html('<a href="{}" class="citation">{}</a>', url, text[span.start : span.end]))
            position = span.end
        out.append(escape(text[position:]))
        return mark_safe("".join(out))  # every piece above is escaped or built by format_html

    def links(self, code: str, articles: Sequence[str], texts: Iterable[str] = ()) -> list[dict[str, str]]:
        """The library's address of each of ``articles`` of ``code`` it holds, then of each article
        cited in ``texts`` (``code`` by default), without repeats: for the API and the command."""
        cited: dict[Reference, None] = {}
        for text in articles:
            reference = parse_reference(code, text) if code else None
            if reference is not None and self.holds(reference):
                cited.setdefault(reference)
        for text in texts:
            for reference in self.find(text, default=code):
                cited.setdefault(reference)
        return [
            {
                "instrument": reference.instrument,
                "article": reference.article,
                "paragraph": reference.paragraph,
                "url": self.url(reference) or "",
            }
            for reference in cited
        ]


def for_request(request: Any) -> Citations:
    """The citations of this request, read once however many texts a page cites."""
    if request is None:
        return Citations.load()
    cached = getattr(request, "_library_citations", None)
    if cached is None:
        cached = Citations.load()
        request._library_citations = cached
    return cached


# --- where citations land: the paragraphs of an article -----------------------------------

_NUMBERED = re.compile(r"^(\d{1,3})\.(?:\s|$)")
# "a) text", "(a) text", "a. text": the three ways the texts letter their sub-paragraphs.
_LETTERED = re.compile(r"^(?:\((?P<paren>[a-z]{1,4})\)|(?P<close>[a-z]{1,4})\)|(?P<dot>[a-z])\.)(?:\s|$)")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article's text, with its anchor ("" if it has none) and its depth."""

    anchor: str
    text: str
    level: int  # 0: a numbered or plain paragraph; 1: a lettered one; 2: deeper


def paragraphs(number: str, text: str) -> list[Paragraph]:
    """The article's text cut into paragraphs (blank-line separated, as the library stores them).

    A numbered paragraph "8. ..." is anchored ``art-<number>-8``; its lettered sub-paragraphs
    ``art-<number>-8-a`` (``art-<number>-a`` before any numbered one). Items lettered another way
    inside them ("(i)" under "a)") are deeper and get no anchor, nor does a repeated one."""
    found: list[Paragraph] = []
    used: set[str] = set()
    current = ""  # the numbered paragraph we are in
    form = ""  # how its sub-paragraphs are lettered
    for chunk in (p.strip() for p in text.split("\n\n")):
        if not chunk:
            continue
        if numbered := _NUMBERED.match(chunk):
            current, form = numbered.group(1), ""
            key, level = current, 0
        elif lettered := _LETTERED.match(chunk):
            kind = lettered.lastgroup or ""
            form = form or kind
            level = 1 if kind == form else 2
            letter = lettered.group(kind)
            key = (f"{current}-{letter}" if current else letter) if level == 1 else ""
        else:
            key, level = "", 0
        ident = anchor(number, key) if key else ""
        if ident in used:
            ident = ""
        used.add(ident)
        found.append(Paragraph(ident, chunk, level))
    return found


def landing(number: str, text: str, paragraph: str) -> str:
    """The anchor a citation of ``paragraph`` ("15-b") of the article lands on: that paragraph if
    the text has it, else the nearest enclosing one ("15"), else the article itself."""
    anchors = {p.anchor for p in paragraphs(number, text) if p.anchor}
    parts = paragraph.split("-") if paragraph else []
    while parts:
        candidate = anchor(number, "-".join(parts))
        if candidate in anchors:
            return candidate
        parts.pop()
    return anchor(number)
