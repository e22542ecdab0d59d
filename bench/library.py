"""Benchmark of the library's full-text search (issue #14) at 100,000 documents.

Run: ``.venv/bin/python bench/library.py [--documents 100000] [--samples 200] [--keep | --reuse NAME]``.
On SQLite in a temporary directory; on PostgreSQL when ``DATABASE_URL`` names a server, in a
throwaway database created there and dropped at the end (``--keep`` keeps it, ``--reuse`` measures
again on a kept one: a database name on PostgreSQL, the file's path on SQLite).

Data, generated here: the reference data, the 25 shipped treaty texts, 20 authorities, and N
documents of about 2 KB of text each, a fifth in each of the five languages, written with bulk
inserts and indexed in bulk (``library.index.index_rows``, what the services call). Their text is
sentences drawn at random from real text in that language: the shipped treaty texts for English,
the user interface's translations (``locale/*/django.po``) for French, Spanish, Portuguese and
Arabic, so that words have natural frequencies and phrases exist. Each document has a kind, a
jurisdiction (one of 60), an instrument (one of 12, or none), a date (1990-2025) and a visibility
(40% public, 30% every authority of the node, 30% its own authority only, spread over the 20).

Figures, for an officer of one of the authorities, through ``GET /api/library/search/`` with the
Django test client (session, middleware, facets, passages: the whole answer), in the query's
language, 95th percentile of wall-clock time, target 50 ms:

- ``library_search_one_word_p95``: one word of 5 letters or more, drawn by its frequency in the
  source text (so common words, which match many documents, are drawn often);
- ``library_search_three_words_p95``: three such words of one source sentence;
- ``library_search_phrase_p95``: two or three consecutive words of a source sentence, quoted;
- ``library_search_page_p95``: the HTML page for the one-word queries.

The time of a search grows with the number of sections it matches, not with the library's size:
the facets count every matching section the user may see, and the ranking scores every one of
them (FTS5's bm25; PostgreSQL's ts_rank, which reads each match's tsvector from the heap), each
joined to its document at query time for who may see it. A common word, found in a fifth of the
library, costs one pass over 20,000 sections; a phrase on PostgreSQL also costs the rows that hold
its words apart (the GIN index finds them, the positions are checked in the heap). So the lines
starting with "#" also print the median, and the p95 of the searches matching at most 1,000 sections.

Exits 1 if a figure misses its target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# A sibling benchmark (bench/statistics.py, bench/requests.py) would shadow a package: keep the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000, help="documents generated (100,000)")
    parser.add_argument("--samples", type=int, default=200, help="timed searches of each kind (200)")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database (its name is printed)")
    parser.add_argument("--reuse", default="", metavar="NAME", help="measure again on a database --keep kept")
    return parser.parse_args()


ARGS = parse()
TMP = tempfile.TemporaryDirectory(prefix="entraide-bench-")
SERVER = os.environ.get("DATABASE_URL", "")
if SERVER.startswith("postgres"):
    DB_NAME = ARGS.reuse or f"entraide_bench_library_{secrets.token_hex(6)}"
    DATABASE_URL = urlunsplit(urlsplit(SERVER)._replace(path=f"/{DB_NAME}"))
else:
    SERVER = ""
    DB_NAME = ARGS.reuse or str(Path(tempfile.mkdtemp(prefix="entraide-bench-library-")) / "bench.sqlite3")
    DATABASE_URL = f"sqlite:///{DB_NAME}"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DATABASE_URL": DATABASE_URL,
        "ENTRAIDE_VAR_DIR": TMP.name,
        "ENTRAIDE_MEDIA_ROOT": f"{TMP.name}/media",
        "ENTRAIDE_DATA_DIR": str(ROOT / "data"),
        "ENTRAIDE_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ENTRAIDE_DEBUG": "0",
        "ENTRAIDE_HTTPS": "0",
        "ENTRAIDE_DEMO": "0",
        "ENTRAIDE_REQUIRE_MFA": "0",
        "ENTRAIDE_ALLOWED_HOSTS": "testserver",
        "ENTRAIDE_STATIC_FROM_FINDERS": "1",
        "ENTRAIDE_LOG_LEVEL": "WARNING",
    }
)
sys.path.insert(0, str(ROOT / "src"))


def maintain(sql: str) -> None:
    """Run ``sql`` on the PostgreSQL server's maintenance database."""
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as conn:
        conn.execute(sql)


if SERVER and not ARGS.reuse:
    maintain(f'CREATE DATABASE "{DB_NAME}"')

import django  # noqa: E402

django.setup()

from babel.messages.pofile import read_po  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.library import index  # noqa: E402
from entraide.library.models import Document, Section, Version  # noqa: E402
from entraide.library.services import treaty_texts_load  # noqa: E402
from entraide.library.text import words  # noqa: E402
from entraide.library.treaty_texts import read_all  # noqa: E402
from entraide.reference.models import Jurisdiction  # noqa: E402
from entraide.reference.services import load_reference  # noqa: E402
from entraide.tenancy.models import Authority  # noqa: E402
from entraide.tenancy.roles import Role  # noqa: E402

LANGUAGES = ("en", "fr", "es", "pt", "ar")
INSTRUMENTS = ("UNTOC", "UNCAC", "UN-DRUGS-1988", "CETS-024", "CETS-030", "CETS-112", "CETS-141", "CETS-185")
INSTRUMENTS += ("CETS-198", "UN-FINANCING-1999", "UNTOC-TIP", "UNTOC-SOM")
BATCH = 5000
TEXT_BYTES = 2000
EMAIL = "bench-officer@bench.entraide.example"
MISSED: list[str] = []
SENTENCE = re.compile(r"(?<=[.;:!?؟])\s+")


def report(name: str, value: float, unit: str, target: float) -> None:
    ok = value <= target
    if not ok:
        MISSED.append(name)
    print(f"bench {name} = {value:.3g} {unit} (target <= {target:g} {unit}) {'ok' if ok else 'MISSED'}", flush=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sentences() -> dict[str, list[str]]:
    """Real sentences in each language: the treaty texts in English, the translations of the
    user interface in the others (placeholders taken out)."""
    out: dict[str, list[str]] = {}
    english = [
        sentence
        for text in read_all(ROOT / "data" / "treaty-texts")
        for article in text.articles
        for paragraph in article.text.split("\n\n")
        for sentence in SENTENCE.split(paragraph)
    ]
    out["en"] = [s for s in english if len(words(s)) >= 4]
    for language in LANGUAGES[1:]:
        with open(ROOT / "src" / "entraide" / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as handle:
            catalog = read_po(handle)
        found = []
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>|%[sd]", "", string or "")
                found += [s.strip() for s in SENTENCE.split(text) if len(words(s)) >= 4]
        out[language] = found
    return out


def text_of(rng: random.Random, pool: list[str]) -> str:
    parts: list[str] = []
    size = 0
    while size < TEXT_BYTES:
        sentence = rng.choice(pool)
        parts.append(sentence)
        size += len(sentence.encode()) + 1
    return " ".join(parts)


def generate(pools: dict[str, list[str]]) -> None:
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_reference()
    treaty_texts_load()
    rng = random.Random(14)
    jurisdictions = list(Jurisdiction.objects.order_by("code").values_list("pk", flat=True)[:60])
    authorities = [
        Authority.objects.create(
            jurisdiction_id=jurisdictions[n % len(jurisdictions)], name=f"Bench authority {n} (test)"
        )
        for n in range(20)
    ]
    User.objects.create_user(
        EMAIL, "bench password", full_name="Bench officer (test)", authority=authorities[0], role=Role.OFFICER
    )
    # An authority keeps one note per country: the generated documents are of the other kinds.
    kinds = [kind for kind in Document.Kind.values if kind != Document.Kind.COUNTRY_NOTE]
    made = 0
    while made < ARGS.documents:
        count = min(BATCH, ARGS.documents - made)
        with transaction.atomic():
            documents = []
            for _ in range(count):
                roll = rng.random()
                visibility = "public" if roll < 0.4 else "node" if roll < 0.7 else "authority"
                documents.append(
                    Document(
                        kind=rng.choice(kinds),
                        jurisdiction_id=rng.choice(jurisdictions),
                        instrument_code=rng.choice((*INSTRUMENTS, "", "", "")),
                        date=dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365)),
                        source="Generated by bench/library.py (fictitious)",
                        visibility=visibility,
                        authority=rng.choice(authorities),
                    )
                )
            documents = Document.objects.bulk_create(documents, batch_size=1000)
            languages = [LANGUAGES[(made + n) % len(LANGUAGES)] for n in range(count)]
            versions = Version.objects.bulk_create(
                (
                    Version(
                        document=document,
                        language=language,
                        title=" ".join(rng.choice(pools[language]).split()[:8]) + " (test)",
                    )
                    for document, language in zip(documents, languages, strict=True)
                ),
                batch_size=1000,
            )
            texts = [text_of(rng, pools[language]) for language in languages]
            sections = Section.objects.bulk_create(
                (
                    Section(version=version, position=1, text=text)
                    for version, text in zip(versions, texts, strict=True)
                ),
                batch_size=1000,
            )
            index.index_rows(
                (section.pk, version.language, version.title, "", section.text)
                for section, version in zip(sections, versions, strict=True)
            )
        made += count
        print(f"# {made:,} documents ({time.perf_counter() - start:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("INSERT INTO library_search (library_search) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    print(f"# generated in {time.perf_counter() - start:.0f} s", flush=True)


def queries(pools: dict[str, list[str]], rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """(language, query) of each kind, an equal share in each language."""
    out: dict[str, list[tuple[str, str]]] = {"one_word": [], "three_words": [], "phrase": []}
    frequent = {}
    for language, pool in pools.items():
        counts = Counter(w for s in pool for w in words(s) if len(w) >= 5 and not w.isdigit())
        frequent[language] = (list(counts), list(counts.values()))
    for n in range(ARGS.samples):
        language = LANGUAGES[n % len(LANGUAGES)]
        vocabulary, weights = frequent[language]
        out["one_word"].append((language, rng.choices(vocabulary, weights)[0]))
        while True:
            found = [w for w in words(rng.choice(pools[language])) if len(w) >= 5 and not w.isdigit()]
            if len(set(found)) >= 3:
                out["three_words"].append((language, " ".join(rng.sample(sorted(set(found)), 3))))
                break
        while True:
            sentence = [w for w in rng.choice(pools[language]).split() if words(w)]
            if len(sentence) >= 3:
                size = rng.choice((2, 3))
                at = rng.randrange(len(sentence) - size + 1)
                out["phrase"].append((language, '"' + " ".join(sentence[at : at + size]) + '"'))
                break
    return out


def measure(client: Client, path: str, sample: list[tuple[str, str]]) -> tuple[float, float]:
    """p95 of the answers' time in ms, and the median number of matching sections; prints the
    median time and the p95 of the searches that match at most 1,000 sections, for the record."""
    times: list[float] = []
    totals: list[int] = []
    warm = sample[:10]  # up to ten searches warm up, untimed
    for n, (language, q) in enumerate([*warm, *sample]):
        client.cookies["django_language"] = language
        begin = time.perf_counter_ns()
        response = client.get(path, {"q": q}, HTTP_ACCEPT_LANGUAGE=language)
        elapsed = (time.perf_counter_ns() - begin) / 1e6
        assert response.status_code == 200, (q, response.status_code, response.content[:300])
        if n >= len(warm):
            times.append(elapsed)
            if path.startswith("/api/"):
                totals.append(response.json()["total"])
    if totals:
        selective = [t for t, total in zip(times, totals, strict=True) if total <= 1000]
        print(
            f"# {path}: median {percentile(times, 50):.0f} ms; the {len(selective)} searches matching at most "
            f"1,000 sections: p95 {percentile(selective, 95) if selective else 0:.0f} ms",
            flush=True,
        )
    return percentile(times, 95), percentile(totals, 50) if totals else 0


def main() -> int:
    pools = sentences()
    if ARGS.reuse:
        call_command("migrate", verbosity=0, interactive=False)
    else:
        generate(pools)
    print(
        f"# library search on {connection.vendor} ({DB_NAME}): {Document.objects.count():,} documents, "
        f"{Section.objects.count():,} sections",
        flush=True,
    )
    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    sample = queries(pools, random.Random(41))
    for kind, cases in sample.items():
        p95, median = measure(client, "/api/library/search/", cases)
        print(f"# {kind}: e.g. {cases[0][1]!r}, {cases[3][1]!r}; median {median:,} matching sections", flush=True)
        report(f"library_search_{kind}_p95", p95, "ms", 50)
    p95, _ = measure(client, "/library/", sample["one_word"])
    report("library_search_page_p95", p95, "ms", 50)
    return 1 if MISSED else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connection.close()
        if ARGS.keep or ARGS.reuse:
            print(f"# kept: --reuse {DB_NAME}", flush=True)
        elif SERVER:
            maintain(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        else:
            Path(DB_NAME).unlink(missing_ok=True)
        TMP.cleanup()
    sys.exit(code)
