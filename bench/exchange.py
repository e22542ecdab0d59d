"""Benchmark of the secure exchange (issue #12): two real nodes on 127.0.0.1, 10,000 messages.

Run: ``.venv/bin/python bench/exchange.py [--messages 10000] [--workers 1]``. On SQLite (one file
per node, in a temporary directory), or on PostgreSQL when ``DATABASE_URL`` names a server (one
throwaway database per node, dropped at the end).

Set-up, generated here: two nodes (``entraide.testing.nodes``: gunicorn with two processes and
``entraide worker`` each), Kenya's and Somalia's central authorities, made peers of each other
from their signed node documents; one request sent from Kenya and acknowledged by Somalia.

Figures:
- ``exchange_throughput``: Kenya queues N ``information.provide`` messages on that request (each
  sealed: signed, then encrypted for Somalia); its worker pushes them; Somalia's server opens,
  checks and stores each and answers a signed submission evidence; Somalia's worker applies each
  and sends a signed ``delivered`` evidence back, which Kenya's worker applies. The clock runs from
  the first message queued to the last ``delivered`` evidence applied at Kenya: messages per second,
  end to end with evidences. Target >= 200 messages/s.
- ``exchange_overhead``: in this process, the protocol's cost per message (``envelope.seal`` and
  ``envelope.open_envelope`` with their header checks, the header and body JSON-schema checks)
  minus raw joserfc on the same payload and keys (sign, encrypt, decrypt, verify), per message.
  Target <= 2 ms.

Exits 1 if a figure misses its target.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

THROUGHPUT_TARGET = 200.0
OVERHEAD_TARGET_MS = 2.0


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000, help="messages sent (10,000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes per node (1)")
    parser.add_argument("--samples", type=int, default=2_000, help="messages for the overhead figure (2,000)")
    return parser.parse_args()


def line(name: str, value: float, unit: str, target: float, higher_is_better: bool = False) -> bool:
    ok = value >= target if higher_is_better else value <= target
    sign = ">=" if higher_is_better else "<="
    print(f"bench {name} = {value:.1f} {unit} (target {sign} {target:g} {unit}) {'ok' if ok else 'MISSED'}")
    return ok


def overhead(samples: int) -> float:
    """Milliseconds per message the protocol adds to raw joserfc sign+encrypt+decrypt+verify."""
    import json

    from joserfc import jwe, jws

    from entraide.exchange import envelope, protocol

    signing, encryption = envelope.generate_key("sig"), envelope.generate_key("enc")
    header = {
        "version": "1",
        "id": str(uuid.uuid4()),
        "conversation": str(uuid.uuid4()),
        "type": "information.provide",
        "sender": {"node": "ke.bench.example", "authority": "ke.bench.example/1"},
        "recipient": {"node": "so.bench.example", "authority": "so.bench.example/2"},
        "created_at": envelope.now_text(),
    }
    body = {"text": "Account 0123456789 was opened on 3 May 2021 (fictitious). " * 4, "documents": []}
    assert not protocol.validate("information.provide", body) and not protocol.validate_header(header)

    def ours() -> None:
        data = envelope.seal(header, body, signing_key=signing, recipient_key=encryption)
        opened = envelope.open_envelope(
            data,
            max_bytes=100 * 1024 * 1024,
            decryption_key=lambda kid: encryption if kid == encryption.kid else None,
            sender_key=lambda node, kid: signing if kid == signing.kid else None,
        )
        assert not protocol.validate_header(opened.header) and not protocol.validate(header["type"], opened.body)

    def raw() -> None:
        payload = json.dumps({"header": header, "body": body}).encode()
        signed = jws.serialize_compact({"alg": "EdDSA", "kid": signing.kid}, payload, signing, algorithms=["EdDSA"])
        sealed = jwe.encrypt_compact(
            {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": encryption.kid},
            signed.encode(),
            encryption,
            algorithms=["ECDH-ES+A256KW", "A256GCM"],
        )
        inner = jwe.decrypt_compact(sealed, encryption, algorithms=["ECDH-ES+A256KW", "A256GCM"]).plaintext
        assert inner is not None
        json.loads(jws.deserialize_compact(inner, signing, algorithms=["EdDSA"]).payload)

    for run in (ours, raw):  # warm up both
        for _ in range(50):
            run()
    timings = {}
    for name, run in (("ours", ours), ("raw", raw), ("ours2", ours), ("raw2", raw)):
        start = time.perf_counter()
        for _ in range(samples):
            run()
        timings[name] = (time.perf_counter() - start) / samples * 1000
    ours_ms, raw_ms = (timings["ours"] + timings["ours2"]) / 2, (timings["raw"] + timings["raw2"]) / 2
    print(f"# per message: protocol {ours_ms:.3f} ms, raw joserfc {raw_ms:.3f} ms")
    return ours_ms - raw_ms


def delivered(node: object) -> int:
    """How many of the benchmark's messages Kenya has seen delivered, read from its database."""
    sql = (
        "SELECT count(*) FROM exchange_message WHERE direction = 'out' AND type = 'information.provide' "
        "AND state = 'delivered'"
    )
    if node.pg_database:  # type: ignore[attr-defined]
        import psycopg

        with psycopg.connect(node.env["DATABASE_URL"]) as conn:  # type: ignore[attr-defined]
            return int(conn.execute(sql).fetchone()[0])  # type: ignore[index]
    with sqlite3.connect(node.directory / "node.sqlite3", timeout=30) as conn:  # type: ignore[attr-defined]
        return int(conn.execute(sql).fetchone()[0])


def main() -> int:
    args = parse()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
    os.environ.setdefault("ENTRAIDE_DEBUG", "1")
    import django

    django.setup()
    from entraide.testing.nodes import Node, pair, wait_for

    results = []
    with tempfile.TemporaryDirectory(prefix="entraide-bench-exchange-") as tmp:
        ke, so = Node("ke", Path(tmp) / "ke"), Node("so", Path(tmp) / "so")
        try:
            for node, code, name in ((ke, "KEN", "Kenya central authority"), (so, "SOM", "Somalia central authority")):
                node.prepare()
                node.call("setup", code=code, name=name)
                node.start(worker=False)
                for _ in range(args.workers):
                    node.start_worker()
            pair(ke, so)
            sent = ke.call(
                "transmit", code="KEN", to_name="Somalia central authority (test)", title="Bench", documents=0
            )
            wait_for(
                lambda: ke.call("state", reference=sent["reference"])["status"] == "acknowledged",
                timeout=120,
                what="the acknowledgement",
            )
            start = time.perf_counter()
            ke.call("send_many", pk=sent["request"], count=args.messages)
            queued = time.perf_counter() - start
            wait_for(lambda: delivered(ke) >= args.messages, timeout=3600, every=1, what="every evidence")
            elapsed = time.perf_counter() - start
            print(
                f"# {args.messages} messages: queued in {queued:.1f} s, all delivered and receipted in {elapsed:.1f} s"
            )
            results.append(line("exchange_throughput", args.messages / elapsed, "messages/s", THROUGHPUT_TARGET, True))
        finally:
            for node in (ke, so):
                node.destroy()
    results.append(line("exchange_overhead", overhead(args.samples), "ms", OVERHEAD_TARGET_MS))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
