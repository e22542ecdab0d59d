"""Every indicator, computed a second, independent way (plain Python over the rows) gives the same numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from entraide.cases.lifecycle import Status
from entraide.cases.models import Measure, Offence, Request, TimelineEntry
from entraide.stats.indicators import INDICATORS, SPANS, BadFilter, continuous, parse_filters

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _rows(user: Any, key: str) -> list[list[Any]]:
    return INDICATORS[key](user, YEAR).rows


def _moves() -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(measure=None).select_related("request"))


def _opened_ids() -> dict[int, str]:
    return {
        e.request_id: e.request.direction
        for e in _moves()
        if _in_year(e.at)
        and (
            (e.request.direction == "outgoing" and e.new_status == "transmitted" and e.old_status == "approved")
            or (e.request.direction == "incoming" and e.new_status == "received" and e.old_status == "")
        )
    }


def test_sent_received_and_splits_match_a_count_in_python(history, users):
    opened = _opened_ids()
    expected = Counter(opened.values())
    assert _rows(users.supervisor, "sent-received") == [
        ["Outgoing", expected["outgoing"]],
        ["Incoming", expected["incoming"]],
    ]
    requests = {r.pk: r for r in Request.objects.filter(pk__in=opened)}
    for key, attr in [("by-modality", "modality"), ("by-legal-basis", "legal_basis_code")]:
        by: dict[str, Counter[str]] = {}
        for pk, direction in opened.items():
            by.setdefault(getattr(requests[pk], attr), Counter())[direction] += 1
        got = {row[0]: (row[1], row[2]) for row in _rows(users.supervisor, key)}
        assert sum(sent + received for sent, received in got.values()) == len(opened)
        assert sorted(got.values()) == sorted((c["outgoing"], c["incoming"]) for c in by.values())
    measures = Counter(m.get_kind_display() for m in Measure.objects.filter(request_id__in=opened))
    assert {row[0]: row[1] for row in _rows(users.supervisor, "by-measure")} == dict(measures)


def test_outcomes_match(history, users):
    reached: dict[str, set[int]] = {}
    for e in _moves():
        if e.new_status in {"executed", "partially-executed", "refused", "withdrawn", "lapsed"} and _in_year(e.at):
            reached.setdefault(e.new_status, set()).add(e.request_id)
    got = {row[0]: row[1] for row in _rows(users.supervisor, "outcomes")}
    for status, label in [("executed", "Executed"), ("refused", "Refused"), ("withdrawn", "Withdrawn")]:
        assert got[label] == len(reached.get(status, ())), status


def _first_move(moves: list[TimelineEntry], statuses: Any) -> Any:
    return next((e.at for e in sorted(moves, key=lambda e: (e.at, e.pk)) if e.new_status in statuses), None)


def _in_year(ended: Any) -> bool:
    return YEAR.start <= timezone.localdate(ended) <= YEAR.end


def _request_spans() -> dict[tuple[str, str], list[float]]:
    """(span label, counterpart) -> the days of each request's span that ended in the year."""
    out: dict[tuple[str, str], list[float]] = {}
    for name, start, end, direction in SPANS:
        label = f"{direction.capitalize()} {name}"
        for request in Request.objects.filter(direction=direction).select_related("counterpart"):
            moves = list(TimelineEntry.objects.filter(request=request, measure=None))
            began, ended = _first_move(moves, start), _first_move(moves, end)
            if began and ended and _in_year(ended):
                out.setdefault((label, request.counterpart.code), []).append((ended - began).total_seconds() / 86400)
    return out


def _assert_figures(got: list[Any], spans: list[float], label: Any) -> None:
    spans = sorted(spans)
    n, p50, p90 = got
    assert n == len(spans), label
    for value, fraction in [(p50, 0.5), (p90, 0.9)]:
        want = continuous(spans, fraction)
        if want is None:
            assert value is None, (label, fraction)
        else:
            assert value is not None and abs(value - round(want, 1)) < 0.051, (label, fraction)


def test_times_match_a_percentile_in_python(history, users):
    got = {row[0]: row[1:] for row in _rows(users.supervisor, "times")}
    assert sum(n for n, _p50, _p90 in got.values()) >= 5  # the history has spans to measure
    spans = _request_spans()
    for label in got:
        _assert_figures(got[label], [d for (span, _code), days in spans.items() if span == label for d in days], label)
    by_counterpart = {(row[1], row[0]): row[2:] for row in _rows(users.supervisor, "times-by-counterpart")}
    assert set(by_counterpart) == set(spans)
    for key, days in spans.items():
        _assert_figures(by_counterpart[key], days, key)


def test_times_by_measure_match(history, users):
    spans: dict[tuple[str, str], list[float]] = {}
    for measure in Measure.objects.select_related("request"):
        request = measure.request
        start = "transmitted" if request.direction == "outgoing" else "received"
        began = _first_move(list(TimelineEntry.objects.filter(request=request, measure=None)), {start})
        ended = _first_move(list(TimelineEntry.objects.filter(measure=measure)), {"executed"})
        if began and ended and _in_year(ended):
            label = f"{request.direction.capitalize()} to execute"
            spans.setdefault((measure.get_kind_display(), label), []).append((ended - began).total_seconds() / 86400)
    got = {(row[0], row[1]): row[2:] for row in _rows(users.supervisor, "times-by-measure")}
    assert spans and set(got) == set(spans)
    for key, days in spans.items():
        _assert_figures(got[key], days, key)


def test_offences_by_level_match(history, users):
    opened = _opened_ids()
    for key, digits in [("by-offence", 2), ("by-offence-level-2", 4)]:
        expected: dict[str, set[int]] = {}
        for offence in Offence.objects.filter(request_id__in=opened).select_related("offence_class"):
            expected.setdefault((offence.offence_class.code if offence.offence_class else "")[:digits], set()).add(
                offence.request_id
            )
        got = {row[0]: row[1] for row in _rows(users.supervisor, key)}
        assert got == {code: len(ids) for code, ids in expected.items()}, key


def test_backlog_and_workload_match(history, users):
    open_requests = [r for r in Request.objects.all() if r.status != Status.CLOSED]
    assert sum(row[1] for row in _rows(users.supervisor, "backlog")) == len(open_requests)
    workload = {row[0]: row[1] for row in _rows(users.supervisor, "workload")}
    open_measures = Measure.objects.filter(request__in=open_requests, status__in=["pending", "in-execution"])
    assert workload["Overdue measures"] == sum(1 for m in open_measures if m.due_on and m.due_on < YEAR.end)


def test_an_outsider_sees_nothing_of_ours_and_an_officer_no_statistics(history, users, client_for):
    theirs = INDICATORS["sent-received"](users.outsider, YEAR).rows
    assert sum(row[1] for row in theirs) == 0  # the Somali authority has nothing in this history
    assert client_for(users.officer).get(reverse("stats:page")).status_code == 403
    assert client_for(users.auditor).get(reverse("stats:page")).status_code == 200


def test_an_executor_sees_the_figures_of_what_is_assigned_to_its_authority(users, client_for):
    from entraide.stats.indicators import Filters
    from entraide.testing.cases import make_world

    make_world(users)  # one incoming request assigned to the executor's authority, one not, one outgoing
    today = timezone.localdate()
    month = Filters(start=today - dt.timedelta(days=30), end=today)
    assert INDICATORS["sent-received"](users.executor, month).rows == [["Outgoing", 0], ["Incoming", 1]]
    assert INDICATORS["sent-received"](users.supervisor, month).rows == [["Outgoing", 0], ["Incoming", 2]]
    assert INDICATORS["by-measure"](users.executor, month).rows == [["Witness hearing", 1]]
    assert client_for(users.executor).get(reverse("stats:page")).status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "ends before it starts"),
        ({"direction": "sideways"}, "Unknown direction"),
        ({"colour": "red"}, "Unknown filter: colour"),
        ({"start": "yesterday"}, "not a date"),
        ({"offence": "abc"}, "Unknown ICCS code"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(users, client_for, query, message):
    with pytest.raises(BadFilter, match=message):
        parse_filters(query)
    page = client_for(users.supervisor).get(reverse("stats:page"), query)
    assert page.status_code == 400 and message.split(":")[0] in page.content.decode()
    api = client_for(users.supervisor).get(reverse("api-statistics-sent-received"), query)
    assert api.status_code == 400 and message.split(":")[0] in api.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {"direction": "incoming"},
        {"direction": "outgoing"},
        {"modality": "extradition"},
        {"counterpart": "SOM"},
        {"offence": "07"},
        {"legal_basis": "UNTOC"},
    ],
)
def test_every_filter_gives_a_page_and_every_endpoint_an_answer(history, users, client_for, query):
    client = client_for(users.supervisor)
    query = {"start": "2026-01-01", "end": "2026-12-31", **query}
    assert client.get(reverse("stats:page"), query).status_code == 200
    for key in INDICATORS:
        assert client.get(reverse(f"api-statistics-{key}"), query).status_code == 200, key


def test_an_empty_period_shows_empty_tables(users, client_for):
    page = client_for(users.supervisor).get(reverse("stats:page"), {"start": "2001-01-01", "end": "2001-12-31"})
    assert page.status_code == 200 and page.content.decode().count("data-indicator=") == len(INDICATORS)


def test_csv_and_api_give_the_page_s_numbers(history, users, client_for):
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    csv_text = client_for(users.supervisor).get(reverse("stats:export", args=["sent-received"]), query).content.decode()
    api = client_for(users.supervisor).get(reverse("api-statistics-sent-received"), query).json()
    rows = _rows(users.supervisor, "sent-received")
    assert csv_text.splitlines()[1:] == [f"{label},{n}" for label, n in rows]
    assert api["rows"] == rows and api["definition"]


def test_the_questionnaire_matches(history, users):
    opened = _opened_ids()
    by: dict[str, Counter[str]] = {}
    for request in Request.objects.filter(pk__in=opened).select_related("counterpart"):
        by.setdefault(request.counterpart.code, Counter())[request.direction] += 1
    granted = {e.request_id for e in _moves() if e.new_status in {"executed", "partially-executed"} and _in_year(e.at)}
    refused = {e.request_id for e in _moves() if e.new_status == "refused" and _in_year(e.at)}
    rows = {row[0]: row[1:5] for row in _rows(users.supervisor, "questionnaire")}
    for code, counts in by.items():
        assert rows[code][:2] == [counts["outgoing"], counts["incoming"]]
    assert sum(r[2] for r in rows.values()) == len(granted)
    assert sum(r[3] for r in rows.values()) == len(refused)


def test_exports_suppress_small_counts_the_page_does_not(history, users, client_for):
    from entraide.stats.indicators import Table

    table = Table("t", "T", "D", ["x", "n", "median"], [["a", 3, 12.5], ["b", 7, 4.0], ["c", 0, None]], (1,), (2,))
    assert table.suppressed(5).rows == [["a", "<5", "<5"], ["b", 7, 4.0], ["c", 0, None]]
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    client = client_for(users.supervisor)
    exported = client.get(reverse("stats:export", args=["by-modality"]), query).content.decode()
    page = client.get(reverse("stats:page"), query).content.decode()
    small = [row for row in _rows(users.supervisor, "by-modality") if 0 < row[1] < 5]
    if small:
        assert "<5" in exported and "&lt;5" not in page.split("data-indicator")[2]


def test_the_api_gives_exact_figures_or_on_request_the_suppressed_ones(history, users, client_for):
    client = client_for(users.supervisor)
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    url = reverse("api-statistics-by-modality")
    exact = client.get(url, query).json()["rows"]
    suppressed = client.get(url, {**query, "suppressed": "true"}).json()["rows"]
    assert exact == _rows(users.supervisor, "by-modality")
    threshold = users.supervisor.authority.statistics_threshold
    assert suppressed == INDICATORS["by-modality"](users.supervisor, YEAR).suppressed(threshold).rows
    assert client.get(url, {**query, "suppressed": "maybe"}).status_code == 400


def test_the_threshold_is_the_administrator_s_and_at_least_one(users, client_for):
    from entraide.cases.errors import CaseValidationError
    from entraide.stats.services import statistics_threshold_set

    with pytest.raises(CaseValidationError):
        statistics_threshold_set(actor=users.administrator, authority=users.administrator.authority, threshold=0)
    with pytest.raises(PermissionError):
        statistics_threshold_set(actor=users.supervisor, authority=users.supervisor.authority, threshold=3)
    assert client_for(users.supervisor).post(reverse("stats:threshold"), {"threshold": "3"}).status_code == 403
    client_for(users.administrator).post(reverse("stats:threshold"), {"threshold": "3"})
    users.administrator.authority.refresh_from_db()
    assert users.administrator.authority.statistics_threshold == 3


def test_xlsx_and_pdf_reports(history, users, client_for, tmp_path):
    import io
    import shutil
    import subprocess

    from openpyxl import load_workbook

    query = {"start": "2026-01-01", "end": "2026-12-31"}
    client = client_for(users.auditor)
    xlsx = client.get(reverse("stats:xlsx"), query)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert set(book.sheetnames) == set(INDICATORS)
    assert book["sent-received"]["A5"].value == "Direction"
    pdf = client.get(reverse("stats:report"), {**query, "lang": "ar"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        (tmp_path / "r.pdf").write_bytes(pdf.content)
        text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True).stdout.decode()

        # pdftotext sets Arabic marks (U+064B-U+0652) and bidi controls apart: compare without them and spaces.
        def bare(value: str) -> str:
            drop = {c: None for c in [*range(0x202A, 0x202F), *range(0x064B, 0x0653)]}
            return "".join(value.translate(drop).split())

        with translation.override("ar"):
            title = translation.gettext("Refused")  # a column of the questionnaire, no lam-alef ligature
        assert title != "Refused" and bare(title) in bare(text)
    assert client.get(reverse("stats:report"), {**query, "lang": "xx"}).status_code == 400


def test_each_chart_is_an_svg_drawn_on_the_server(history, users, client_for):
    client = client_for(users.supervisor)
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    for key in INDICATORS:
        response = client.get(reverse("stats:chart", args=[key]), query)
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml"), key
        assert response.content.lstrip().startswith(b"<svg")
    assert client.get(reverse("stats:chart", args=["nothing"]), query).status_code == 404
    assert client_for(users.officer).get(reverse("stats:chart", args=["outcomes"]), query).status_code == 403
