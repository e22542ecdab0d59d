"""Benchmarks of the legal-basis engine (issue #3).

Run: ``.venv/bin/python bench/legal_basis.py``. It builds a throwaway SQLite database in a
temporary directory, loads the shipped reference and treaty data into it, and prints one
line per figure in the form of DESIGN.md ("Benchmarks"):

- legal_basis_matrix: every ordered pair of jurisdictions x every modality, from a fresh
  snapshot (the work of ``entraide legal-basis-matrix`` for all modalities);
- legal_basis_resolution_p99: one full resolution in process (engine.resolve), 99th percentile
  of the CPU time of the thread (time.thread_time_ns), so that other processes on a shared
  machine, which preempt this one for milliseconds, do not count as the engine's time;
- legal_basis_api_p95: GET /api/treaties/legal-basis/ through Django's test client
  (session authentication, the whole middleware stack), 95th percentile of wall-clock time,
  the best of three rounds of 400 requests.

Exits 1 if a figure misses its target.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = tempfile.TemporaryDirectory(prefix="entraide-bench-")
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DATABASE_URL": f"sqlite:///{TMP.name}/bench.sqlite3",
        "ENTRAIDE_VAR_DIR": TMP.name,
        "ENTRAIDE_DATA_DIR": str(ROOT / "data"),
        "ENTRAIDE_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ENTRAIDE_DEBUG": "0",
        "ENTRAIDE_HTTPS": "0",
        "ENTRAIDE_DEMO": "0",
        "ENTRAIDE_REQUIRE_MFA": "0",
        "ENTRAIDE_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "ENTRAIDE_STATIC_FROM_FINDERS": "1",
    }
)
# Python puts this script's folder first on the path, where a sibling benchmark (bench/requests.py)
# would shadow the ``requests`` package that DRF imports: take the folder off, put src/ first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.reference.models import Jurisdiction, OffenceClass  # noqa: E402
from entraide.reference.services import load_reference  # noqa: E402
from entraide.tenancy.models import Authority  # noqa: E402
from entraide.tenancy.roles import Role  # noqa: E402
from entraide.treaties import engine, selectors  # noqa: E402
from entraide.treaties.services import treaties_load  # noqa: E402

DATE = dt.date(2024, 5, 1)
results: list[bool] = []


def report(name: str, value: float, unit: str, target: float) -> None:
    ok = value <= target
    results.append(ok)
    print(f"bench {name} = {value:.3g} {unit} (target <= {target:g} {unit}) {'ok' if ok else 'MISSED'}", flush=True)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def setup() -> None:
    call_command("migrate", verbosity=0)
    load_reference()
    treaties_load()


def bench_matrix() -> None:
    start = time.perf_counter()
    snapshot = selectors.build_snapshot()
    pairs = 0
    for modality in engine.MODALITIES:
        for _row in engine.matrix(snapshot, modality, DATE):
            pairs += 1
    elapsed = time.perf_counter() - start
    n = len(snapshot.jurisdictions)
    assert pairs == n * (n - 1) * len(engine.MODALITIES), pairs
    report("legal_basis_matrix", elapsed, "s", 2)


def questions(count: int) -> list[engine.Query]:
    rng = random.Random(3)
    codes = list(Jurisdiction.objects.values_list("code", flat=True))
    offences = [None, *OffenceClass.objects.values_list("code", flat=True)]
    out = []
    for _ in range(count):
        a, b = rng.sample(codes, 2)
        out.append(
            engine.Query(
                requesting=a,
                requested=b,
                modality=rng.choice(engine.MODALITIES),
                date=DATE - dt.timedelta(days=rng.randrange(0, 9000)),
                offence=rng.choice(offences),
                max_penalty_years=rng.choice([None, 1, 3, 4, 10, 20]),
                transnational=rng.choice([None, True]),
                organized_group=rng.choice([None, True]),
            )
        )
    return out


def bench_resolution() -> None:
    snapshot = selectors.get_snapshot()
    sample = questions(5000)
    for query in sample[:200]:  # warm-up
        engine.resolve(snapshot, query)
    times = []
    for query in sample:
        start = time.thread_time_ns()
        engine.resolve(snapshot, query)
        times.append((time.thread_time_ns() - start) / 1e6)
    report("legal_basis_resolution_p99", percentile(times, 99), "ms", 1)


def bench_api() -> None:
    kenya = Jurisdiction.objects.get(code="KEN")
    authority, _ = Authority.objects.get_or_create(
        jurisdiction=kenya, name="Bench central authority", defaults={"kind": Authority.Kind.CENTRAL}
    )
    user = User.objects.create_user(
        "bench@bench.entraide.example", "bench password", full_name="Bench", authority=authority, role=Role.OFFICER
    )
    client = Client()
    client.force_login(user)
    sample = questions(420)
    rounds = []
    for _round in range(3):
        times = []
        for index, query in enumerate(sample):
            params = {
                "from": query.requesting,
                "to": query.requested,
                "modality": query.modality,
                "date": query.date.isoformat(),
            }
            if query.offence:
                params["offence"] = query.offence
            if query.max_penalty_years is not None:
                params["max_penalty_years"] = str(query.max_penalty_years)
            start = time.perf_counter_ns()
            response = client.get("/api/treaties/legal-basis/", params)
            elapsed = (time.perf_counter_ns() - start) / 1e6
            assert response.status_code == 200, response.content[:300]
            if index >= 20:  # the first requests warm caches and imports
                times.append(elapsed)
        rounds.append(percentile(times, 95))
    report("legal_basis_api_p95", min(rounds), "ms", 20)


def main() -> int:
    setup()
    bench_matrix()
    bench_resolution()
    bench_api()
    TMP.cleanup()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
