"""Every shipped quality rule fires on a request that lacks what it asks for, and clears once it is there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.cases.models import Measure, Offence, Person, Request
from entraide.cases.services import deadline_add, measure_add, offence_add, person_add, request_update
from entraide.drafting.checks import findings_for
from entraide.drafting.models import QualityRule
from entraide.drafting.services.rules import LANGUAGES, RulesFileError, quality_rules_load
from entraide.drafting.services.translations import translation_set

from .conftest import complete_mla

pytestmark = pytest.mark.django_db

RULES_FILE = Path(settings.DATA_DIR) / "drafting" / "quality-rules.yaml"
SHIPPED = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["rules"]


def _codes(request: Request) -> set[str]:
    return {f.code for f in findings_for(Request.objects.get(pk=request.pk))}


def _set_detail(request: Request, users: Any, key: str, value: Any) -> None:
    request.refresh_from_db()
    details = {**request.details}
    if value is None:
        details.pop(key, None)
    else:
        details[key] = value
    request_update(actor=users.officer, request=request, details=details)


def _break(rule: QualityRule, request: Request, users: Any, languages: Any) -> None:
    """Make ``request`` lack what ``rule`` asks for."""
    path = rule.field.removeprefix("request.")
    if rule.test == "present":
        if path.startswith("details."):
            _set_detail(request, users, path.removeprefix("details."), None)
        else:
            request_update(actor=users.officer, request=request, **{path: ""})
    elif rule.test == "at_least_one":
        models: dict[str, Any] = {"measures": Measure, "offences": Offence, "persons": Person}
        models[path].objects.filter(request=request).delete()
    elif rule.test == "each_present":
        if rule.field.startswith("offences."):
            offence_add(actor=users.officer, request=request, provision="Second offence (test)")
        else:
            kind = rule.field.split("[", 1)[1].split("]", 1)[0]
            measure_add(actor=users.officer, request=request, kind=kind, details={})
    elif rule.test == "time_limit":
        Measure.objects.filter(request=request).update(due_on=None)
    elif rule.test == "legal_basis_chosen":
        request_update(actor=users.officer, request=request, legal_basis_code="")
    elif rule.test == "legal_basis_applicable":
        request_update(
            actor=users.officer,
            request=request,
            legal_basis_code="UNTOC",
            legal_basis_snapshot={"option": {"code": "UNTOC", "applicable": False}},
        )
        Request.objects.filter(pk=request.pk).update(legal_basis_reason="About to enter into force (test).")
    elif rule.test == "languages_known":
        users.outsider.authority.languages.clear()
    elif rule.test == "requested_authority":
        request_update(actor=users.officer, request=request, requested_authority=None)
    elif rule.test == "channels_known":
        users.outsider.authority.channels = []
        users.outsider.authority.save()
    elif rule.test == "dual_criminality":
        request_update(actor=users.officer, request=request, legal_basis_code="UNTOC")
    elif rule.test != "language_accepted":  # the languages fixture: Somalia accepts neither of ours
        raise AssertionError(f"no way to break {rule.test}")


def _fix(rule: QualityRule, request: Request, users: Any, languages: Any) -> None:
    """Give ``request`` what ``rule`` asks for."""
    path = rule.field.removeprefix("request.")
    if rule.test == "present":
        if path.startswith("details."):
            _set_detail(request, users, path.removeprefix("details."), "Stated (test).")
        else:
            request_update(actor=users.officer, request=request, **{path: "Stated (test)."})
    elif rule.test == "at_least_one":
        if path == "measures":
            measure_add(actor=users.officer, request=request, kind="production")
        elif path == "offences":
            offence_add(actor=users.officer, request=request, provision="An offence (test)")
        else:
            person_add(actor=users.officer, request=request, role="witness", name="A witness (test)")
    elif rule.test == "each_present":
        value = rule.params.get("equals", "Stated (test).")
        if rule.field.startswith("offences."):
            Offence.objects.filter(request=request, text="").update(text="The text of the law (test).")
        else:
            kind, key = rule.field.split("[", 1)[1].split("]", 1)[0], rule.field.rsplit(".", 1)[1]
            for measure in Measure.objects.filter(request=request, kind=kind):
                Measure.objects.filter(pk=measure.pk).update(details={**measure.details, key: value})
    elif rule.test == "time_limit":
        deadline_add(actor=users.officer, request=request, kind="court-date", due_on=dt.date(2030, 6, 1))
    elif rule.test == "legal_basis_chosen":
        request_update(actor=users.officer, request=request, legal_basis_code="reciprocity")
    elif rule.test == "legal_basis_applicable":
        request_update(
            actor=users.officer, request=request, legal_basis_snapshot={"option": {"code": "UNTOC", "applicable": True}}
        )
    elif rule.test == "language_accepted":
        translation_set(
            actor=users.officer,
            request=request,
            language=languages["so"],
            status="received",
            translator="A sworn translator (test)",
        )
    elif rule.test == "languages_known":
        users.outsider.authority.languages.set([languages["so"]])
    elif rule.test == "requested_authority":
        request_update(actor=users.officer, request=request, requested_authority=users.outsider.authority)
    elif rule.test == "channels_known":
        users.outsider.authority.channels = ["direct"]
        users.outsider.authority.save()
    elif rule.test == "dual_criminality":
        _set_detail(request, users, "dual_criminality", "Money laundering is an offence in Somalia too (test).")


@pytest.mark.parametrize("code", [row["code"] for row in SHIPPED])
def test_each_rule_fires_and_clears(code, rules, users, languages, treaty_data):
    rule = QualityRule.objects.get(code=code)
    modality = rule.modalities[0] if rule.modalities else "mla"
    request = complete_mla(users, modality=modality)
    if rule.params.get("when_legal_basis"):
        request_update(actor=users.officer, request=request, legal_basis_code=rule.params["when_legal_basis"][0])
    users.outsider.authority.channels = ["diplomatic"]
    users.outsider.authority.save()
    _break(rule, request, users, languages)
    assert code in _codes(request), f"{code} should fire"
    _fix(rule, request, users, languages)
    assert code not in _codes(request), f"{code} should clear"


def test_every_rule_names_its_source_and_speaks_five_languages(rules):
    for rule in QualityRule.objects.all():
        assert rule.source_instrument and rule.field and rule.as_at
        assert all(rule.messages.get(language) for language in LANGUAGES), rule.code
    assert rules["created"] == len(SHIPPED)


def test_loading_twice_changes_nothing_and_a_removed_rule_is_deactivated(rules, tmp_path):
    assert quality_rules_load() == {"created": 0, "updated": 0, "unchanged": len(SHIPPED), "deactivated": 0}
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    data["rules"] = data["rules"][1:]
    short = tmp_path / "rules.yaml"
    short.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert quality_rules_load(path=short)["deactivated"] == 1
    assert not QualityRule.objects.get(code=SHIPPED[0]["code"]).active


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"test": "no_such_test"}, "unknown test 'no_such_test'"),
        ({"severity": "fatal"}, "severity must be one of"),
        ({"messages": {"en": "Only English"}}, "no message in fr, es, pt, ar"),
    ],
)
def test_a_bad_rules_file_is_refused_naming_the_rule(db, tmp_path, change, named):
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    data["rules"][0].update(change)
    bad = tmp_path / "rules.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesFileError, match=named) as info:
        quality_rules_load(path=bad)
    assert data["rules"][0]["code"] in str(info.value)
    assert not QualityRule.objects.exists()
    with pytest.raises(CommandError, match=named):
        call_command("load_quality_rules", file=bad)
