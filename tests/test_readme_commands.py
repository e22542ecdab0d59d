"""The README's commands, run as printed on a fresh clone.

A fresh ``git clone`` of this repository (its committed HEAD) into a temporary directory, then:
``make run`` in the background until the sign-in page answers on a free port, stopped; ``make test``
with ``PYTEST_ADDOPTS`` choosing a few tests (the whole suite is what the rest of CI runs); and every
line of the README's ``entraide`` command block that is safe to run, read from README.md itself,
each after the block's own first lines (the virtual environment, demo mode).

Slow (a virtual environment, the reference and demo data: several minutes), so it runs only when
``ENTRAIDE_README_TEST=1`` (``.ci/run`` runs it once, on SQLite).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

slow = pytest.mark.skipif(os.environ.get("ENTRAIDE_README_TEST") != "1", reason="set ENTRAIDE_README_TEST=1 (slow)")

# Lines of the block not run here, and why (each must still be in the README: see the test below).
NOT_RUN = {
    "entraide demo-data": "make run has already generated the synthetic year; the command runs once",
    "entraide treaties import-untc FILE": "FILE stands for a page saved from treaties.un.org",
    "entraide worker": "runs until stopped (make run ran it beside the server)",
    "entraide exchange peers add": "needs another node to add",
}
# The few tests `make test` runs on the clone: enough to show the suite starts and passes there.
SUBSET = "src/entraide/core/tests/test_date_formats.py src/entraide/core/tests/test_headers.py"


def command_block() -> list[str]:
    """The lines of the README's ``sh`` block that starts with the virtual environment."""
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and lines[0].startswith(". .venv/bin/activate"):
            return lines
    raise AssertionError("README.md has no command block starting with '. .venv/bin/activate'")


def two_commands() -> list[str]:
    block = re.search(r"## Two commands\s+```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert block is not None
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_says_how_to_run_its_commands():
    lines = command_block()
    assert lines[1].startswith("export ENTRAIDE_DEMO=1")
    entraide = [line for line in lines if line.startswith("entraide ")]
    assert len(entraide) > 20
    for prefix in NOT_RUN:
        assert any(line.startswith(prefix) for line in entraide), f"{prefix!r} is no longer in the README"
    assert two_commands() == ["make run", "make test"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env() -> dict[str, str]:
    """The environment of someone who has just cloned the repository: none of this test run's settings."""
    drop = ("ENTRAIDE_", "DATABASE_URL", "PYTEST_", "VIRTUAL_ENV", "DJANGO_")
    return {key: value for key, value in os.environ.items() if not key.startswith(drop)}


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("readme") / "entraide"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=300)
    return target


@pytest.mark.readme
@slow
def test_make_run_then_make_test_then_the_commands_as_printed(clone: Path) -> None:
    env = _clean_env()
    port = _free_port()
    log = (clone.parent / "make-run.log").open("wb")
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20 * 60
        while not _answers(f"http://127.0.0.1:{port}/accounts/login/"):
            assert server.poll() is None, (clone.parent / "make-run.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "make run: the sign-in page never answered"
            time.sleep(2)
        time.sleep(20)  # the worker's first round seals the loads' audit events, as it would for a user
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()

    tested = subprocess.run(
        ["make", "test"],
        cwd=clone,
        env={**env, "PYTEST_ADDOPTS": f"-q -p no:cacheprovider -m 'not readme' {SUBSET}"},
        capture_output=True,
        text=True,
        timeout=20 * 60,
    )
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    assert " passed" in tested.stdout

    lines = command_block()
    setup = [line for line in lines if not line.startswith("entraide ")]
    failures = []
    for line in lines:
        if not line.startswith("entraide ") or any(line.startswith(prefix) for prefix in NOT_RUN):
            continue
        script = "set -e\n" + "\n".join([*setup, line]) + "\n"
        done = subprocess.run(
            ["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=15 * 60
        )
        if done.returncode != 0:
            failures.append(f"{line}\n  exit {done.returncode}: {(done.stderr or done.stdout)[-800:]}")
    assert not failures, "\n".join(failures)
