"""The indicators a Central Authority is asked for, each defined once and computed in the database.

Every figure reads the timeline (the one table every transition writes) or the requests and
measures it describes, through the tenant policy of the user who asks: no figure is computed
over another authority's data. A filter narrows the requests counted; the period bounds the
transitions (``at`` in [start, end]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, Substr
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.cases.lifecycle import OPEN_STATUSES, Direction, MeasureStatus, RefusalGround, Status
from entraide.cases.models import Measure, Offence, Request, TimelineEntry
from entraide.core.params import ascii_digits
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction

CONVENTIONS = {"UNTOC": "UNTOC", "UNCAC": "UNCAC", "UN-DRUGS-1988": "1988"}


class BadFilter(ValueError):
    """A filter value the statistics do not know; the message names it (HTTP 400)."""


def _midnight_after(day: dt.date) -> dt.datetime:
    """The start of the day after ``day`` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    direction: str = ""
    modality: str = ""
    counterpart: str = ""
    offence: str = ""
    legal_basis: str = ""

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as times in the current time zone: from the first day's midnight to the
        midnight after its last day (a range the indexes on times can serve)."""
        return _midnight_after(self.start - dt.timedelta(days=1)), _midnight_after(self.end)

    def as_query(self) -> dict[str, str]:
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for key in ("direction", "modality", "counterpart", "offence", "legal_basis"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(_("%(name)s: %(value)s is not a date (YYYY-MM-DD).") % {"name": name, "value": value}) from None


def parse_filters(data: Mapping[str, Any], *, today: dt.date | None = None) -> Filters:
    """Read the filters of a page or API query; an unknown value is refused, named."""
    today = today or timezone.localdate()
    known = {"start", "end", "direction", "modality", "counterpart", "offence", "legal_basis", "format", "page"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise BadFilter(_("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)})
    start = _date(data["start"], "start") if data.get("start") else today.replace(month=1, day=1)
    end = _date(data["end"], "end") if data.get("end") else today
    if end < start:
        raise BadFilter(_("The period ends before it starts."))
    direction = data.get("direction") or ""
    if direction and direction not in Direction.values:
        raise BadFilter(_("Unknown direction: %(value)s.") % {"value": direction})
    modality = data.get("modality") or ""
    if modality and modality not in Modality.values:
        raise BadFilter(_("Unknown modality: %(value)s.") % {"value": modality})
    counterpart = (data.get("counterpart") or "").upper()
    if counterpart and not Jurisdiction.objects.filter(code=counterpart).exists():
        raise BadFilter(_("Unknown counterpart: %(value)s.") % {"value": counterpart})
    offence = data.get("offence") or ""
    if offence and not (ascii_digits(offence) and len(offence) in (2, 4, 5)):
        raise BadFilter(_("Unknown ICCS code: %(value)s.") % {"value": offence})
    legal_basis = data.get("legal_basis") or ""
    return Filters(start, end, direction, modality, counterpart, offence, legal_basis)


# --- the counted requests -----------------------------------------------------------------


def requests_for(user: Any, f: Filters) -> QuerySet[Request]:
    """The user's authority's requests (an executor: those assigned to it) that the filters keep."""
    qs = Request.objects.restrict(user, "statistics")
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.modality:
        qs = qs.filter(modality=f.modality)
    if f.counterpart:
        qs = qs.filter(counterpart__code=f.counterpart)
    if f.legal_basis:
        qs = qs.filter(legal_basis_code=f.legal_basis)
    if f.offence:
        qs = qs.filter(pk__in=Offence.objects.filter(offence_class__code__startswith=f.offence).values("request_id"))
    return qs


def _moves(user: Any, f: Filters) -> QuerySet[TimelineEntry]:
    """Request transitions (not measures') of the counted requests inside the period."""
    # The timeline's own scope first: its authority column is what the index on (authority,
    # status, time) finds an authority's moves by.
    return TimelineEntry.objects.in_scope(user).filter(
        request__in=requests_for(user, f),
        measure__isnull=True,
        at__gte=f.bounds[0],
        at__lt=f.bounds[1],
    )


def _opened(user: Any, f: Filters) -> QuerySet[TimelineEntry]:
    """Outgoing requests transmitted and incoming requests received in the period: "sent" and "received"."""
    return _moves(user, f).filter(
        # The first condition repeats the second's statuses so that the index on (authority, status, time) serves it.
        Q(new_status__in=(Status.TRANSMITTED, Status.RECEIVED)),
        Q(request__direction=Direction.OUTGOING, new_status=Status.TRANSMITTED, old_status=Status.APPROVED)
        | Q(request__direction=Direction.INCOMING, new_status=Status.RECEIVED, old_status=""),
    )


# --- tables -----------------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str | Promise
    definition: str | Promise
    columns: list[str | Promise]
    rows: list[list[Any]] = field(default_factory=list)
    counts: tuple[int, ...] = (1,)  # the columns that count cases
    derived: tuple[int, ...] = ()  # figures computed over the counted cases (medians)

    def suppressed(self, threshold: int) -> Table:
        """The table as it may leave the authority: counts in 1..threshold-1 become "<threshold",
        and so do the figures computed over them."""
        rows = []
        for row in self.rows:
            row = list(row)
            hidden = False
            for i in self.counts:
                if isinstance(row[i], int) and 0 < row[i] < threshold:
                    row[i] = f"<{threshold}"
                    hidden = True
            if hidden:
                for i in self.derived:
                    row[i] = f"<{threshold}" if row[i] is not None else None
            rows.append(row)
        return Table(self.key, self.title, self.definition, self.columns, rows, self.counts, self.derived)

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.key,
            "title": str(self.title),
            "definition": str(self.definition),
            "columns": [str(c) for c in self.columns],
            "rows": self.rows,
        }


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value or _("not recorded")))


def sent_received(user: Any, f: Filters) -> Table:
    rows = dict(_opened(user, f).values_list("request__direction").annotate(n=Count("request", distinct=True)))
    return Table(
        "sent-received",
        gettext_lazy("Requests sent and received"),
        DEFINITIONS["sent-received"],
        [gettext_lazy("Direction"), gettext_lazy("Requests")],
        [[_label(Direction.choices, d), rows.get(d, 0)] for d in Direction.values],
    )


def _split(user: Any, f: Filters, key: str, values: Callable[[str], str], title: Any, column: Any) -> Table:
    counts = (
        _opened(user, f).values_list(key, "request__direction").annotate(n=Count("request", distinct=True)).order_by()
    )
    table: dict[str, dict[str, int]] = {}
    for value, direction, n in counts:
        table.setdefault(value or "", {})[direction] = n
    rows = [
        [values(value), by.get(Direction.OUTGOING, 0), by.get(Direction.INCOMING, 0)]
        for value, by in sorted(table.items(), key=lambda kv: -sum(kv[1].values()))
    ]
    return Table(
        key.replace("request__", "by-").replace("__", "-").replace("_", "-"),
        title,
        DEFINITIONS[f"by-{column}"],
        [column_label(column), gettext_lazy("Sent"), gettext_lazy("Received")],
        rows,
        counts=(1, 2),
    )


def column_label(column: str) -> Promise:
    return {
        "modality": gettext_lazy("Modality"),
        "counterpart": gettext_lazy("Counterpart"),
        "legal-basis": gettext_lazy("Legal basis"),
    }[column]


def by_modality(user: Any, f: Filters) -> Table:
    table = _split(
        user, f, "request__modality", lambda v: _label(Modality.choices, v), gettext_lazy("By modality"), "modality"
    )
    table.key = "by-modality"
    return table


def by_counterpart(user: Any, f: Filters) -> Table:
    table = _split(
        user,
        f,
        "request__counterpart__code",
        lambda v: v,
        gettext_lazy("By counterpart"),
        "counterpart",
    )
    table.key = "by-counterpart"
    return table


def by_legal_basis(user: Any, f: Filters) -> Table:
    table = _split(
        user,
        f,
        "request__legal_basis_code",
        lambda v: f"{v} ({CONVENTIONS[v]})" if v in CONVENTIONS else (v or _("not recorded")),
        gettext_lazy("By legal basis"),
        "legal-basis",
    )
    table.key = "by-legal-basis"
    return table


def by_measure(user: Any, f: Filters) -> Table:
    opened = _opened(user, f).values("request_id")
    counts = dict(
        Measure.objects.in_scope(user)
        .filter(request_id__in=opened)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Table(
        "by-measure",
        gettext_lazy("Measures requested"),
        DEFINITIONS["by-measure"],
        [gettext_lazy("Measure"), gettext_lazy("Measures")],
        [[_label(Measure.Kind.choices, k), n] for k, n in sorted(counts.items(), key=lambda kv: -kv[1])],
    )


def _by_offence_level(user: Any, f: Filters, key: str, digits: int, title: Promise) -> Table:
    opened = _opened(user, f).values("request_id")
    counts = (
        Offence.objects.filter(request_id__in=opened)
        .annotate(code=Substr("offence_class__code", 1, digits))
        .values_list("code")
        .annotate(n=Count("request", distinct=True))
        .order_by()
    )
    return Table(
        key,
        title,
        DEFINITIONS[key],
        [gettext_lazy("ICCS code"), gettext_lazy("Requests")],
        [[code or _("not recorded"), n] for code, n in sorted(counts, key=lambda kv: (-kv[1], kv[0] or ""))],
    )


def by_offence(user: Any, f: Filters) -> Table:
    return _by_offence_level(user, f, "by-offence", 2, gettext_lazy("By offence (ICCS level 1)"))


def by_offence_level2(user: Any, f: Filters) -> Table:
    return _by_offence_level(user, f, "by-offence-level-2", 4, gettext_lazy("By offence (ICCS level 2)"))


OUTCOMES = (Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.WITHDRAWN, Status.LAPSED)


def outcomes(user: Any, f: Filters) -> Table:
    moves = _moves(user, f).filter(new_status__in=OUTCOMES)
    counts = dict(moves.values_list("new_status").annotate(n=Count("request", distinct=True)).order_by())
    grounds = dict(
        moves.filter(new_status=Status.REFUSED)
        .values_list("request__refusal_ground")
        .annotate(n=Count("request", distinct=True))
        .order_by()
    )
    rows = [[_label(Status.choices, s), counts.get(s, 0)] for s in OUTCOMES]
    rows += [
        [f"{_label(Status.choices, Status.REFUSED)}: {_label(RefusalGround.choices, g)}", n] for g, n in grounds.items()
    ]
    return Table(
        "outcomes",
        gettext_lazy("Outcomes"),
        DEFINITIONS["outcomes"],
        [gettext_lazy("Outcome"), gettext_lazy("Requests")],
        rows,
    )


class Percentiles(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont`` (continuous percentiles) at several
    fractions at once: one sort, and its expression evaluated once per row."""

    function = "percentile_cont"
    template = "%(function)s(ARRAY[%(fractions)s]::float8[]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fractions: tuple[float, ...], **extra: Any) -> None:
        from django.contrib.postgres.fields import ArrayField

        listed = ", ".join(repr(float(x)) for x in fractions)
        super().__init__(expression, fractions=listed, output_field=ArrayField(FloatField()), **extra)


# (name, from statuses, to statuses, direction)
SPANS: tuple[tuple[Promise, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        gettext_lazy("to acknowledge"),
        (Status.TRANSMITTED,),
        (Status.ACKNOWLEDGED, Status.IN_EXECUTION),
        Direction.OUTGOING,
    ),
    (gettext_lazy("to register"), (Status.RECEIVED,), (Status.REGISTERED,), Direction.INCOMING),
    (gettext_lazy("to decide"), (Status.RECEIVED,), (Status.ACCEPTED, Status.REFUSED), Direction.INCOMING),
    (gettext_lazy("to execute"), (Status.TRANSMITTED,), (Status.EXECUTED,), Direction.OUTGOING),
    (gettext_lazy("to execute"), (Status.RECEIVED,), (Status.EXECUTED,), Direction.INCOMING),
)
EXECUTION_SPANS = SPANS[3:]


def _request_moves(ref: str) -> QuerySet[TimelineEntry]:
    """The moves of the request that ``ref`` (an outer column) names, not its measures'."""
    return TimelineEntry.objects.filter(request=OuterRef(ref), measure__isnull=True)


def _first(moves: QuerySet[TimelineEntry], statuses: tuple[str, ...]) -> Subquery:
    """The time of the first of ``moves`` into one of ``statuses``."""
    return Subquery(
        moves.filter(new_status__in=statuses).order_by().values("request").annotate(first=Min("at")).values("first")[:1]
    )


def _first_in_period(
    moves: QuerySet[TimelineEntry], same: QuerySet[TimelineEntry], f: Filters
) -> QuerySet[TimelineEntry]:
    """Those of ``moves`` made in the period that are the first of their kind: no move of ``same``
    (the same request's or measure's, into the same statuses) came before."""
    earlier = same.filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk")))
    return moves.filter(at__gte=f.bounds[0], at__lt=f.bounds[1]).exclude(Exists(earlier))


def _spans(firsts: QuerySet[TimelineEntry], start: tuple[str, ...]) -> QuerySet[TimelineEntry]:
    """The rows of ``firsts`` whose request went into ``start`` at least once, with ``took``: the
    time from the first such move to the row's."""
    began = _request_moves("request_id").filter(new_status__in=start)
    took = ExpressionWrapper(F("at") - _first(_request_moves("request_id"), start), output_field=DurationField())
    return firsts.filter(Exists(began)).annotate(took=took)


def span_days(
    user: Any, f: Filters, start: tuple[str, ...], end: tuple[str, ...], direction: str
) -> QuerySet[TimelineEntry]:
    """One row per request whose span ended in the period (its first move into ``end``), with
    ``took``: the time since its first move into ``start``."""
    firsts = _first_in_period(
        TimelineEntry.objects.in_scope(user).filter(
            measure__isnull=True, new_status__in=end, request__in=requests_for(user, f).filter(direction=direction)
        ),
        TimelineEntry.objects.filter(request=OuterRef("request_id"), measure__isnull=True, new_status__in=end),
        f,
    )
    spans = _spans(firsts, start)
    return spans.none() if f.direction and f.direction != direction else spans


def _quantiles(qs: QuerySet[Any], by: str | None = None) -> dict[Any, tuple[int, float | None, float | None]]:
    """Count, median and 90th percentile of ``took`` in days, per value of ``by`` (or overall under
    ``None``): in the database on PostgreSQL; SQLite has no percentile, its rows are sorted here."""
    out: dict[Any, tuple[int, float | None, float | None]] = {}
    if connection.vendor == "postgresql":
        from django.db.models.functions import Extract

        figures = {"n": Count("pk"), "p": Percentiles(Extract("took", "epoch") / 86400.0, (0.5, 0.9))}
        found = [qs.aggregate(**figures)] if by is None else qs.values(by).annotate(**figures).order_by()
        for row in found:
            p50, p90 = row["p"] or (None, None)
            out[row[by] if by else None] = (int(row["n"]), _round(p50), _round(p90))
        return out
    groups: dict[Any, list[float]] = {} if by else {None: []}
    for key, took in qs.values_list(by or "pk", "took"):
        groups.setdefault(key if by else None, []).append(took.total_seconds() / 86400)
    for key, values in groups.items():
        values.sort()
        out[key] = (len(values), _round(continuous(values, 0.5)), _round(continuous(values, 0.9)))
    return out


def continuous(values: list[float], fraction: float) -> float | None:
    """The continuous percentile of sorted ``values`` (as PostgreSQL's percentile_cont)."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def times(user: Any, f: Filters) -> Table:
    rows = []
    for name, start, end, direction in SPANS:
        n, p50, p90 = _quantiles(span_days(user, f, start, end, direction))[None]
        rows.append([_span_label(name, direction), n, p50, p90])
    return Table(
        "times",
        gettext_lazy("Times (days)"),
        DEFINITIONS["times"],
        [gettext_lazy("Span"), gettext_lazy("Requests"), *TIME_COLUMNS],
        rows,
        counts=(1,),
        derived=(2, 3),
    )


def _span_label(name: Promise, direction: str) -> str:
    return f"{_label(Direction.choices, direction)} {name}"


def _by_key(item: tuple[Any, Any]) -> str:
    return str(item[0] or "")


TIME_COLUMNS = (gettext_lazy("Median"), gettext_lazy("90th percentile"))


def times_by_counterpart(user: Any, f: Filters) -> Table:
    rows = []
    for name, start, end, direction in SPANS:
        found = _quantiles(span_days(user, f, start, end, direction), "request__counterpart__code")
        rows += [[code, _span_label(name, direction), *figures] for code, figures in sorted(found.items(), key=_by_key)]
    return Table(
        "times-by-counterpart",
        gettext_lazy("Times by counterpart (days)"),
        DEFINITIONS["times-by-counterpart"],
        [gettext_lazy("Counterpart"), gettext_lazy("Span"), gettext_lazy("Requests"), *TIME_COLUMNS],
        rows,
        counts=(2,),
        derived=(3, 4),
    )


def measure_span_days(user: Any, f: Filters, start: tuple[str, ...], direction: str) -> QuerySet[TimelineEntry]:
    """One row per measure executed in the period (its first move into executed), with ``took``:
    the time since its request's first move into ``start``."""
    # The timeline's own scope: an executor sees the rows of the measures assigned to it.
    executed = TimelineEntry.objects.in_scope(user).filter(
        measure__isnull=False,
        new_status=MeasureStatus.EXECUTED,
        request__in=requests_for(user, f).filter(direction=direction),
    )
    firsts = _first_in_period(
        executed,
        TimelineEntry.objects.filter(measure=OuterRef("measure_id"), new_status=MeasureStatus.EXECUTED),
        f,
    )
    spans = _spans(firsts, start)
    return spans.none() if f.direction and f.direction != direction else spans


def times_by_measure(user: Any, f: Filters) -> Table:
    rows = []
    for name, start, _end, direction in EXECUTION_SPANS:
        found = _quantiles(measure_span_days(user, f, start, direction), "measure__kind")
        rows += [
            [_label(Measure.Kind.choices, kind), _span_label(name, direction), *figures]
            for kind, figures in sorted(found.items(), key=_by_key)
        ]
    return Table(
        "times-by-measure",
        gettext_lazy("Times by measure (days)"),
        DEFINITIONS["times-by-measure"],
        [gettext_lazy("Measure"), gettext_lazy("Span"), gettext_lazy("Measures"), *TIME_COLUMNS],
        rows,
        counts=(2,),
        derived=(3, 4),
    )


AGES = ((0, 30), (31, 90), (91, 180), (181, 365), (366, None))


def backlog(user: Any, f: Filters) -> Table:
    """Open requests at the end of the period by age since they were opened."""
    end = f.end
    open_requests = requests_for(user, f).filter(status__in=OPEN_STATUSES).filter(created_at__lt=f.bounds[1])
    buckets = {}
    for i, (low, high) in enumerate(AGES):
        opened = Q(created_at__lt=_midnight_after(end - dt.timedelta(days=low)))
        if high is not None:
            opened &= Q(created_at__gte=_midnight_after(end - dt.timedelta(days=high + 1)))
        buckets[f"age{i}"] = Count("pk", filter=opened)
    counts = open_requests.aggregate(**buckets)
    rows = [
        [f"{low}-{high}" if high is not None else f"> {low - 1}", counts[f"age{i}"]]
        for i, (low, high) in enumerate(AGES)
    ]
    return Table(
        "backlog",
        gettext_lazy("Backlog by age (days)"),
        DEFINITIONS["backlog"],
        [gettext_lazy("Age"), gettext_lazy("Open requests")],
        rows,
    )


def workload(user: Any, f: Filters) -> Table:
    open_requests = requests_for(user, f).filter(status__in=OPEN_STATUSES)
    # The officer's name, else the address.
    officer = Coalesce(NullIf("officer__full_name", Value("")), "officer__email", output_field=CharField())
    by_officer = open_requests.values_list(officer).annotate(n=Count("pk")).order_by("-n")
    open_measures = Measure.objects.in_scope(user).filter(
        request__in=open_requests, status__in=[MeasureStatus.PENDING, MeasureStatus.IN_EXECUTION]
    )
    by_authority = open_measures.values_list("assigned_authority__name").annotate(n=Count("pk")).order_by("-n")
    overdue = open_measures.filter(due_on__lt=f.end).count()
    rows = [[_("Officer: %(who)s") % {"who": who or _("none")}, n] for who, n in by_officer]
    rows += [[_("Executing authority: %(who)s") % {"who": who or _("none")}, n] for who, n in by_authority]
    rows.append([_("Overdue measures"), overdue])
    return Table(
        "workload",
        gettext_lazy("Workload"),
        DEFINITIONS["workload"],
        [gettext_lazy("Who"), gettext_lazy("Open")],
        rows,
    )


def questionnaire(user: Any, f: Filters) -> Table:
    """The layout of the UNTOC and UNCAC review questionnaires: by counterpart, requests sent and
    received, granted and refused, and the mean days to execute."""
    opened = dict(_opened(user, f).values_list("request_id", "request__direction"))
    by: dict[str, dict[str, Any]] = {}
    for code, direction, n in (
        requests_for(user, f)
        .filter(pk__in=list(opened))
        .values_list("counterpart__code", "direction")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by.setdefault(code, {})[direction] = n
    ended = _moves(user, f)
    for key, statuses in (("granted", (Status.EXECUTED, Status.PARTIALLY_EXECUTED)), ("refused", (Status.REFUSED,))):
        for code, n in (
            ended.filter(new_status__in=statuses)
            .values_list("request__counterpart__code")
            .annotate(n=Count("request", distinct=True))
            .order_by()
        ):
            by.setdefault(code, {})[key] = n
    means: dict[str, float] = {}
    for _name, start, end, direction in EXECUTION_SPANS:
        for code, days in (
            span_days(user, f, start, end, direction)
            .values_list("request__counterpart__code")
            .annotate(mean=Avg("took"))
            .order_by()
        ):
            if days is not None:
                means[code] = round(days.total_seconds() / 86400, 1)
    rows = [
        [
            code,
            by[code].get(Direction.OUTGOING, 0),
            by[code].get(Direction.INCOMING, 0),
            by[code].get("granted", 0),
            by[code].get("refused", 0),
            means.get(code),
        ]
        for code in sorted(by)
    ]
    return Table(
        "questionnaire",
        gettext_lazy("For the UNTOC and UNCAC review questionnaires"),
        DEFINITIONS["questionnaire"],
        [
            gettext_lazy("Counterpart"),
            gettext_lazy("Sent"),
            gettext_lazy("Received"),
            gettext_lazy("Granted"),
            gettext_lazy("Refused"),
            gettext_lazy("Mean days to execute"),
        ],
        rows,
        counts=(1, 2, 3, 4),
        derived=(5,),
    )


DEFINITIONS: dict[str, Promise] = {
    "sent-received": gettext_lazy(
        "Sent: outgoing requests that moved from approved to transmitted in the period. Received: incoming "
        "requests recorded as received in the period. Each request counts once."
    ),
    "by-modality": gettext_lazy("The requests sent and received in the period, by modality."),
    "by-counterpart": gettext_lazy("The requests sent and received in the period, by the other State."),
    "by-legal-basis": gettext_lazy(
        "The requests sent and received in the period, by the legal basis recorded on them; UNTOC, UNCAC and "
        "the 1988 Convention are marked."
    ),
    "by-measure": gettext_lazy("The measures of the requests sent and received in the period, by kind."),
    "by-offence": gettext_lazy(
        "The requests sent and received in the period, by the ICCS level 1 section (two digits) of their offences; a "
        "request with offences in two sections counts in both."
    ),
    "outcomes": gettext_lazy(
        "Requests that reached executed, partially executed, refused (by ground), withdrawn or lapsed in the "
        "period; each request counts once per outcome."
    ),
    "times": gettext_lazy(
        "Days between the first move into the starting status and the first move into the ending status, for "
        "requests whose span ended in the period: median and 90th percentile (continuous)."
    ),
    "by-offence-level-2": gettext_lazy(
        "The requests sent and received in the period, by the ICCS level 2 code (four digits) of their "
        "offences; an offence recorded only at level 1 counts under its two digits."
    ),
    "times-by-counterpart": gettext_lazy(
        "The times above, per counterpart: for each span, the requests with the other State whose span ended "
        "in the period, their median and 90th percentile (continuous)."
    ),
    "times-by-measure": gettext_lazy(
        "Per kind of measure: days from the transmission (outgoing) or receipt (incoming) of its request to the "
        "measure's first move into executed, for measures executed in the period: median and 90th percentile."
    ),
    "backlog": gettext_lazy("Requests not closed, opened on or before the end of the period, by age at its end."),
    "questionnaire": gettext_lazy(
        "By counterpart: requests sent and received in the period; granted (executed or partially executed) "
        "and refused in the period; mean days from transmission or receipt to execution of the requests "
        "executed in the period."
    ),
    "workload": gettext_lazy(
        "Open requests per officer in charge, open measures per executing authority, and open measures whose "
        "due date is before the end of the period."
    ),
}

INDICATORS: dict[str, Callable[[Any, Filters], Table]] = {
    "sent-received": sent_received,
    "by-modality": by_modality,
    "by-counterpart": by_counterpart,
    "by-legal-basis": by_legal_basis,
    "by-measure": by_measure,
    "by-offence": by_offence,
    "by-offence-level-2": by_offence_level2,
    "outcomes": outcomes,
    "times": times,
    "times-by-counterpart": times_by_counterpart,
    "times-by-measure": times_by_measure,
    "backlog": backlog,
    "workload": workload,
    "questionnaire": questionnaire,
}
