"""Full-text search of the library: sections the user may see, ranked, with facets and passages.

One function, :func:`search`, for the page and the API. The index (:mod:`.index`) is joined to
the sections the user may see (``Section.objects.restrict(user)``, the documents' own policy
followed through the version) at query time, so a document another authority keeps private is
never returned, counted in a facet or quoted. Ranking prefers the version's title, then the
section's heading, then its text (FTS5's bm25 with column weights, PostgreSQL's ``ts_rank`` with
weights A, B, D), and puts results in the reader's language before the others. Passages are cut
and marked in Python over the original text, so they are the same on both databases.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from entraide.core.i18n import active_language
from entraide.core.params import whole_number
from entraide.reference.models import Jurisdiction
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction

from .models import Document, Section, Version
from .query import Query, parse
from .text import WORD, fold

PAGE_SIZE = 20
FACETS = ("jurisdiction", "instrument", "kind", "language", "year")
UI_LANGUAGES = ("en", "fr", "es", "pt", "ar")
# bm25 weights of the FTS5 columns title, heading, body; ts_rank weights of D, C, B, A.
BM25 = "bm25(library_search, 10.0, 4.0, 1.0)"
TS_RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
PASSAGE = 240  # characters of a passage, about
SCAN_LIMIT = 200_000  # characters of a long text read to find a passage
MAX_HITS = 300  # places of a long text compared to find the best passage
PARAGRAPH = re.compile(r"^(\d+)\.\s", re.MULTILINE)


class UnknownFilters(ValueError):
    """Filter values that name nothing: ``unknown`` maps each filter to the reason."""

    def __init__(self, unknown: dict[str, str]) -> None:
        self.unknown = unknown
        super().__init__("; ".join(unknown.values()))


@dataclass(frozen=True)
class Filters:
    jurisdiction: Jurisdiction | None = None
    instrument: str = ""
    kind: str = ""
    language: str = ""
    year: int | None = None

    def q(self, *, document: str, version: str) -> Q:
        """The filters as a condition on rows reached by these paths to their document and their
        version (``"version__document__"`` and ``"version__"`` from a section)."""
        wanted = {
            f"{document}jurisdiction": self.jurisdiction,
            f"{document}instrument_code": self.instrument,
            f"{document}kind": self.kind,
            f"{version}language": self.language,
            f"{document}date__year": self.year,
        }
        return Q(**{lookup: value for lookup, value in wanted.items() if value})

    def values(self) -> dict[str, str]:
        """The filters as given in a query string."""
        raw = {
            "jurisdiction": self.jurisdiction.code if self.jurisdiction else "",
            "instrument": self.instrument,
            "kind": self.kind,
            "language": self.language,
            "year": str(self.year) if self.year else "",
        }
        return {name: value for name, value in raw.items() if value}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Hit:
    """A section found: where it is, and a passage with the matches marked."""

    section: Section
    document: Document
    version: Version
    title: SafeString
    heading: SafeString
    passage: SafeString
    label: str
    anchor: str
    url: str
    score: float

    @property
    def language(self) -> str:
        return self.version.language

    @property
    def language_name(self) -> str:
        return _language_name(self.version.language)


@dataclass
class Result:
    query: str
    parsed: Query
    filters: Filters
    hint: str = ""
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=lambda: {name: [] for name in FACETS})

    def kept_documents(self) -> list[int]:
        """The documents shown here that an authority keeps to itself or its node: showing their
        passages is a read on the record (``record_shown``), as a list of requests is."""
        return sorted({hit.document.pk for hit in self.hits if hit.document.visibility != Document.Visibility.PUBLIC})


# --- Filters ----------------------------------------------------------------------------------


def _visible_values(queryset: QuerySet[Any], name: str) -> set[str]:
    return set(queryset.values_list(name, flat=True).order_by().distinct())


def filters_for(
    user: Any,
    *,
    jurisdiction: str | None = None,
    instrument: str | None = None,
    kind: str | None = None,
    language: str | None = None,
    year: str | int | None = None,
) -> Filters:
    """The filters, checked: a value that names nothing raises :class:`UnknownFilters` naming it."""
    unknown: dict[str, str] = {}
    found_jurisdiction = None
    if jurisdiction:
        try:
            if "\x00" in jurisdiction:
                raise UnknownCode("jurisdiction", jurisdiction)
            found_jurisdiction = resolve_jurisdiction(jurisdiction)
        except UnknownCode as exc:
            unknown["jurisdiction"] = str(exc)
    instrument = (instrument or "").strip()
    if instrument:
        # Codes of the documents the user may see: a private document's instrument is not confirmed.
        codes = {
            code.upper(): code for code in _visible_values(Document.objects.restrict(user), "instrument_code") if code
        }
        if instrument.upper() in codes:
            instrument = codes[instrument.upper()]
        else:
            unknown["instrument"] = _("unknown instrument %(value)r in the library") % {"value": instrument}
    kind = (kind or "").strip()
    if kind and kind not in Document.Kind.values:
        unknown["kind"] = _("unknown kind %(value)r; choose one of %(choices)s") % {
            "value": kind,
            "choices": ", ".join(Document.Kind.values),
        }
    language = (language or "").strip().lower()
    if (
        language
        and language not in UI_LANGUAGES
        and language not in _visible_values(Version.objects.restrict(user), "language")
    ):
        unknown["language"] = _("unknown language %(value)r in the library") % {"value": language}
    found_year = None
    if year not in (None, ""):
        found_year = whole_number(str(year), maximum=9999)
        if not found_year:
            unknown["year"] = _("%(value)r is not a year") % {"value": str(year)}
    if unknown:
        raise UnknownFilters(unknown)
    return Filters(found_jurisdiction, instrument, kind, language, found_year)


# --- The query --------------------------------------------------------------------------------


class Year(Func):
    """The year of a date: EXTRACT on PostgreSQL; on SQLite, where dates are ISO text, its first
    four characters (Django's ExtractYear calls a Python function per row there)."""

    function = "EXTRACT"
    template = "EXTRACT(YEAR FROM %(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        template = "CAST(substr(%(expressions)s, 1, 4) AS integer)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _matching(user: Any, parsed: Query, filters: Filters) -> tuple[QuerySet[Section], RawSQL]:
    """The sections the user may see that match, and the SQL of their score (lower is better)."""
    sections = Section.objects.restrict(user).filter(filters.q(document="version__document__", version="version__"))
    if connection.vendor == "postgresql":
        tsquery, params = parsed.tsquery()
        matched = sections.extra(where=[f"library_section.search @@ {tsquery}"], params=params)
        score = RawSQL(f"-ts_rank('{TS_RANK_WEIGHTS}', library_section.search, {tsquery})", params)
    else:
        matched = sections.extra(
            tables=["library_search"],
            where=["library_search.rowid = library_section.id", "library_search MATCH %s"],
            params=[parsed.fts5()],
        )
        score = RawSQL(BM25, ())
    return matched, score


def _facets(matched: QuerySet[Section], filters: Filters) -> tuple[int, dict[str, list[FacetValue]]]:
    """The number of matching sections, and how many of them each facet value holds: one query,
    the matching sections read once (a materialized CTE, on both databases) and grouped by each
    facet in turn."""
    columns = matched.values_list(
        F("version__document__jurisdiction_id"),
        F("version__document__instrument_code"),
        F("version__document__kind"),
        F("version__language"),
        Year("version__document__date"),
    ).order_by()
    inner, params = columns.query.sql_with_params()
    groups = " UNION ALL ".join(
        f"SELECT '{name}', CAST(c{n} AS TEXT), COUNT(*) FROM m GROUP BY c{n}" for n, name in enumerate(FACETS)
    )
    sql = f"WITH m (c0, c1, c2, c3, c4) AS MATERIALIZED ({inner}) {groups}"
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, count in cursor.fetchall():
            if value not in (None, ""):
                counters[name][value] += count
            if name == "kind":  # every section has one
                total += count
    jurisdictions = {str(pk): j for pk, j in Jurisdiction.objects.in_bulk(map(int, counters["jurisdiction"])).items()}
    kinds = dict(Document.Kind.choices)
    selected = filters.values()

    def values(name: str, label: Callable[[str], str], key: Callable[[str], str]) -> list[FacetValue]:
        out = [
            FacetValue(key(value), str(label(value)), count, selected.get(name) == key(value))
            for value, count in counters[name].items()
        ]
        return sorted(out, key=lambda v: (-v.count, v.label))

    facets = {
        "jurisdiction": values("jurisdiction", lambda pk: jurisdictions[pk].name, lambda pk: jurisdictions[pk].code),
        "instrument": values("instrument", str, str),
        "kind": values("kind", lambda k: str(kinds.get(k, k)), str),
        "language": values("language", _language_name, str),
        "year": sorted(
            (FacetValue(y, y, n, selected.get("year") == y) for y, n in counters["year"].items()),
            key=lambda v: v.value,
            reverse=True,
        ),
    }
    return total, facets


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def search(
    user: Any,
    query: str,
    *,
    jurisdiction: str | None = None,
    instrument: str | None = None,
    kind: str | None = None,
    language: str | None = None,
    year: str | int | None = None,
    page: int = 1,
) -> Result:
    """Search the library as ``user``. Unknown filter values raise :class:`UnknownFilters`; a
    query with nothing to look for (only operators or punctuation) answers no result and a hint."""
    filters = filters_for(
        user, jurisdiction=jurisdiction, instrument=instrument, kind=kind, language=language, year=year
    )
    query = query or ""
    parsed = parse(query)
    result = Result(query=query, parsed=parsed, filters=filters, page=max(1, page))
    if parsed.empty:
        if query.strip():
            result.hint = _(
                'Nothing to look for in this search: type words, a "quoted phrase", OR between '
                "alternatives, and -word to leave a word out."
            )
        return result
    matched, score = _matching(user, parsed, filters)
    result.total, result.facets = _facets(matched, filters)
    result.pages = -(-result.total // PAGE_SIZE)
    if not result.total:
        result.hint = _("No document you may see matches. Try fewer words, or remove a filter.")
        return result
    start = (result.page - 1) * PAGE_SIZE
    if start >= result.total:
        return result
    own = Case(When(version__language=active_language(), then=Value(0)), default=Value(1))
    rows = (
        matched.select_related("version__document__jurisdiction")
        .annotate(own_language=own, score=score)
        .order_by("own_language", "score", "id")[start : start + PAGE_SIZE]
    )
    result.hits = [_hit(section, parsed) for section in rows]
    return result


# --- Passages -----------------------------------------------------------------------------------


def _matcher(parsed: Query) -> Callable[[str], str | None]:
    """Which word of the query a folded word is: the word itself, or a word of the same stem (the
    index stems: "banks" is found by "bank"), approximated by a common beginning; None if none."""
    stems = {w: w[: max(4, len(w) - 2)] for w in parsed.words}

    def match(word: str) -> str | None:
        if word in stems:
            return word
        return next((w for w, stem in stems.items() if len(w) >= 4 and word.startswith(stem)), None)

    return match


def _marked(text: str, matches: Callable[[str], str | None]) -> str:
    """``text`` HTML-escaped, its matching words in ``<mark>``."""
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        if matches(fold(match.group(0))):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _passage(text: str, matches: Callable[[str], str | None]) -> tuple[str, int | None]:
    """A short passage of ``text`` around the place where most of the query's words are found
    close together, marked; and where that place starts (None if the text does not match)."""
    folded: dict[str, str | None] = {}  # the text's words repeat: each is folded and compared once
    hits: list[tuple[int, str]] = []
    for m in WORD.finditer(text[:SCAN_LIMIT]):
        word = m.group(0)
        if word not in folded:
            folded[word] = matches(fold(word))
        if found := folded[word]:
            hits.append((m.start(), found))
            if len(hits) >= MAX_HITS:
                break
    if not hits:
        end = text.rfind(" ", 0, PASSAGE) if len(text) > PASSAGE else len(text)
        cut = text[: end if end > 0 else PASSAGE]
        return escape(cut) + (" …" if len(cut) < len(text) else ""), None
    # The place where a window of two thirds of a passage holds most of the query's words.
    best, best_count, window, last = hits[0][0], 0, Counter[str](), 0
    for first, (start, _word) in enumerate(hits):
        while last < len(hits) and hits[last][0] < start + PASSAGE * 2 // 3:
            window[hits[last][1]] += 1
            last += 1
        if len(window) > best_count:
            best, best_count = start, len(window)
        window[hits[first][1]] -= 1
        if not window[hits[first][1]]:
            del window[hits[first][1]]
    # Within the paragraph of that place, so that the passage is what its citation names.
    before, after = text.rfind("\n\n", 0, best), text.find("\n\n", best)
    paragraph_start = before + 2 if before >= 0 else 0
    paragraph_end = after if after >= 0 else len(text)
    begin = max(paragraph_start, best - PASSAGE // 3)
    if begin > paragraph_start:
        space = text.find(" ", begin, best)
        begin = space + 1 if space >= 0 else begin
    end = min(paragraph_end, begin + PASSAGE)
    if end < paragraph_end:
        space = text.rfind(" ", best, end)
        end = space if space > best else end
    passage = _marked(text[begin:end].strip(), matches)
    return ("… " if begin > paragraph_start else "") + passage + (" …" if end < paragraph_end else ""), best


def _hit(section: Section, parsed: Query) -> Hit:
    version = section.version
    document = version.document
    matches = _matcher(parsed)
    passage, at = _passage(section.text, matches)
    label, anchor = "", section.anchor
    if section.number:
        paragraph = None
        if at is not None:
            numbered = [m.group(1) for m in PARAGRAPH.finditer(section.text, 0, at + 1) if m.start() <= at]
            paragraph = numbered[-1] if numbered else None
        article = f"{section.number}({paragraph})" if paragraph else section.number
        instrument = document.instrument_code
        label = (
            _("%(instrument)s art. %(article)s") % {"instrument": instrument, "article": article}
            if instrument
            else _("Art. %(article)s") % {"article": article}
        )
        if paragraph:
            anchor = f"{section.anchor}-{paragraph}"
    return Hit(
        section=section,
        document=document,
        version=version,
        title=mark_safe(_marked(version.title, matches)),  # escaped by _marked
        heading=mark_safe(_marked(section.heading, matches)),  # escaped by _marked
        passage=mark_safe(passage),  # escaped by _passage
        label=label,
        anchor=anchor,
        url=f"{reverse('library:document', args=[document.pk])}#{anchor}",
        score=float(getattr(section, "score", 0.0) or 0.0),
    )
