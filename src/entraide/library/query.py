"""What a user types in the library's search box, parsed once for both databases.

The syntax is the one people know from web search engines: words (all of them must be found),
``"a quoted phrase"``, ``OR`` between alternatives, ``-word`` or ``-"a phrase"`` to exclude.
Every other character is a separator, as it is for the index. The parsed query renders to an
FTS5 ``MATCH`` expression in which every term is a quoted string (so nothing a user types is
ever FTS5 syntax) and to a PostgreSQL ``tsquery`` built from each term with ``phraseto_tsquery``
in every configuration the library indexes with, ORed together (a French query finds a French
document, an English query an English one). Neither rendering can fail on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import words

# Longer input is cut: a search box is not a place for a page of text.
MAX_LENGTH = 500
MAX_TERMS = 12
MAX_WORDS = 10
MAX_WORD_LENGTH = 100

# A quoted phrase (perhaps unterminated), with its "-" if excluded, or a run of other characters.
TOKEN = re.compile(r'(-?)"([^"]*)"?|[^\s"]+')

# The configurations a version is indexed with, by its language; any other language: "simple".
CONFIGURATIONS = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese", "ar": "entraide_arabic"}
SIMPLE = "simple"
QUERY_CONFIGURATIONS = (*CONFIGURATIONS.values(), SIMPLE)


def configuration(language: str) -> str:
    """The PostgreSQL text search configuration of a version in ``language``."""
    return CONFIGURATIONS.get(language.split("-")[0].lower(), SIMPLE)


@dataclass(frozen=True)
class Term:
    """One word, or several that must follow each other (a phrase); folded."""

    words: tuple[str, ...]

    def fts5(self) -> str:
        return '"' + " ".join(self.words).replace('"', '""') + '"'

    def tsquery(self, config: str) -> tuple[str, list[str]]:
        return "phraseto_tsquery(%s::regconfig, %s)", [config, " ".join(self.words)]


@dataclass(frozen=True)
class Query:
    """Groups that must all be found, each group one of its terms; and terms that must not be."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    words: frozenset[str] = field(default=frozenset())

    @property
    def empty(self) -> bool:
        """Nothing to look for: only operators, punctuation or exclusions."""
        return not self.groups

    def fts5(self) -> str:
        """The FTS5 MATCH expression: quoted terms, AND, OR, NOT and parentheses only."""
        groups = [
            group[0].fts5() if len(group) == 1 else "(" + " OR ".join(t.fts5() for t in group) + ")"
            for group in self.groups
        ]
        expression = " AND ".join(groups)
        if self.excluded:
            expression = f"({expression})" + "".join(f" NOT {t.fts5()}" for t in self.excluded)
        return expression

    def tsquery(self) -> tuple[str, list[str]]:
        """SQL for the PostgreSQL tsquery, with its parameters: the query in every configuration, ORed."""
        parts: list[str] = []
        params: list[str] = []
        for config in QUERY_CONFIGURATIONS:
            groups: list[str] = []
            for group in self.groups:
                alternatives = []
                for term in group:
                    sql, term_params = term.tsquery(config)
                    alternatives.append(sql)
                    params += term_params
                groups.append("(" + " || ".join(alternatives) + ")")
            expression = " && ".join(groups)
            for term in self.excluded:
                sql, term_params = term.tsquery(config)
                expression += f" && !!{sql}"
                params += term_params
            parts.append(f"({expression})")
        # A scalar subquery: PostgreSQL computes it once (an InitPlan), where the expression itself
        # (its ::regconfig casts are only stable) would be computed again for every row.
        return "(SELECT " + " || ".join(parts) + ")", params


def _term(text: str) -> Term | None:
    found = [w[:MAX_WORD_LENGTH] for w in words(text)][:MAX_WORDS]
    return Term(tuple(found)) if found else None


def parse(text: str) -> Query:
    """Parse what a user typed; never raises. Unknown syntax is read as words."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    or_pending = False
    count = 0
    for match in TOKEN.finditer(text[:MAX_LENGTH]):
        if count >= MAX_TERMS:
            break
        token = match.group(0)
        if token == "OR":
            or_pending = bool(groups)
            continue
        if match.group(2) is not None:  # a quoted phrase
            negative, body = bool(match.group(1)), match.group(2)
        else:
            negative, body = token.startswith("-") and len(token) > 1, token
            body = body[1:] if negative else body
        term = _term(body)
        if term is None:
            continue
        count += 1
        if negative:
            excluded.append(term)
        elif or_pending:
            groups[-1].append(term)
        else:
            groups.append([term])
        or_pending = False
    found = frozenset(w for group in groups for term in group for w in term.words)
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), found)
