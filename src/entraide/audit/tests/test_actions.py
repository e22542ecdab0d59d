"""Every action code the code base writes has a sentence (audit/actions.py).

The services' calls to ``record(actor, code, ...)`` are found in the source; a code written as a
constant must be registered, a code built at run time must be one of the families below, whose
codes are listed here (a new family fails this test until it is listed and its codes labelled)."""

import ast
import pathlib

import pytest
from django.apps import apps

from entraide.audit import actions

SOURCE = pathlib.Path(actions.__file__).resolve().parent.parent


def _statuses(label: str) -> list[str]:
    return [str(code) for code, _ in apps.get_model(label)._meta.get_field("status").choices or []]


def _evidences() -> list[str]:
    return [str(code) for code, _ in apps.get_model("exchange.evidence")._meta.get_field("type").choices or []]


# The source of each code built at run time, and the codes it can build.
FAMILIES = {
    # directory.services: the administrator's edits of the directory, through one writer each.
    "action": lambda: [
        "authority.verified",
        "contactpoint.created",
        "contactpoint.updated",
        "contactpoint.verified",
        "contactpoint.reactivated",
        "contactpoint.deactivated",
    ],
    "'authority.four-eyes-relaxed' if relaxed else 'authority.four-eyes-restored'": lambda: [
        "authority.four-eyes-relaxed",
        "authority.four-eyes-restored",
    ],
    "'document.shared' if shared else 'document.unshared'": lambda: ["document.shared", "document.unshared"],
    "'exchange.peer-suspended' if suspended else 'exchange.peer-resumed'": lambda: [
        "exchange.peer-suspended",
        "exchange.peer-resumed",
    ],
    "'user.activated' if active else 'user.deactivated'": lambda: ["user.activated", "user.deactivated"],
    "budget.action": lambda: ["auth.failed", "auth.reset_requested"],
    "f\"exchange.evidence-{payload['type']}\"": lambda: [f"exchange.evidence-{t}" for t in _evidences()],
    "f\"library_document.{('created' if created else 'updated')}\"": lambda: [
        "library_document.created",
        "library_document.updated",
    ],
    "f\"{action}.{('created' if created else 'updated')}\"": lambda: [
        f"{kind}.{verb}"
        for kind in ("authority", "designation", "contact_point", "network", "membership")
        for verb in ("created", "updated")
    ],
    "f'document.{what}-blocked'": lambda: ["document.copy-blocked", "document.export-blocked"],
    "f'measure.{step}'": lambda: [f"measure.{s}" for s in _statuses("cases.measure")],
    "f'measure.{to}'": lambda: [f"measure.{s}" for s in _statuses("cases.measure")],
    "f'request.{to}'": lambda: [f"request.{s}" for s in _statuses("cases.request")],
    "f'request.{kind}-removed'": lambda: [f"request.{k}-removed" for k in ("offence", "person", "measure", "deadline")],
    "f'{name or model._meta.model_name}.shown'": lambda: ["request.shown", "library_document.shown"],
    "f'{obj._meta.model_name}.viewed'": lambda: ["request.viewed", "document.viewed", "user.viewed"],
    "f'{obj._meta.model_name}.{action}'": lambda: [
        f"{m}.{a}" for m in ("jurisdiction", "language", "offenceclass") for a in ("created", "changed")
    ],
    "f'{obj._meta.model_name}.deleted'": lambda: [f"{m}.deleted" for m in ("jurisdiction", "language", "offenceclass")],
}


def _written_codes() -> tuple[set[str], set[str]]:
    constants, dynamic = set(), set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or "testing" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name != "record" or len(node.args) < 2:
                continue
            code = node.args[1]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                constants.add(code.value)
            else:
                dynamic.add(ast.unparse(code))
    return constants, dynamic


@pytest.mark.django_db
def test_every_action_code_written_has_a_sentence():
    constants, dynamic = _written_codes()
    assert len(constants) > 50  # the scan found the services
    unlisted = dynamic - set(FAMILIES)
    assert not unlisted, f"codes built at run time, not listed in FAMILIES: {sorted(unlisted)}"
    codes = constants | {code for source in dynamic for code in FAMILIES[source]()}
    missing = sorted(code for code in codes if actions.label(code) is None)
    assert not missing, f"action codes without a sentence in audit/actions.py: {missing}"


def test_the_filter_offers_every_registered_sentence():
    offered = dict(actions.choices())
    assert set(actions.LABELS) <= set(offered)
    assert "request.transmitted" in offered
