"""Tenant reads compiled to SQL once per shape and run again with new values.

Django turns a QuerySet into SQL every time it runs it: resolving lookups and joins, the
deferred columns, the converters. For the small indexed queries a page runs on every view
(one request's measures, its timeline...) that costs several times what the database spends
on them (about 1 ms against 0.3 ms here). A :class:`CompiledQuery` builds its QuerySet, through
the same ``restrict(user)`` as any other read, once per *shape*, keeps what Django compiled
(the SQL, its select list, converters and related-object populators) and runs it again with
the values of the next call in their places.

Which parameter is which value is found by compiling the QuerySet twice with two sets of
marker values and comparing the parameters. A shape is kept only if the SQL is the same both
times and every parameter is either the same both times (a constant) or exactly one of the
markers (a value). A lookup that transforms its value (``icontains`` wraps it in ``%``), a
value of another type than int or str, prefetching or an iterable other than model instances
and ``values()`` dicts: the call runs the QuerySet as Django would, uncached.

The shape is everything else the SQL depends on: the user's role (the build function sees a
:class:`Scope` that holds only the role and the authority, which is a value), the types of
the values, the active time zone and language, and whatever the caller names in ``shape``
(which filters are set, the page's slice). A user without an authority runs uncached. One
process serves one database configuration: a plan names its database alias.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models.query import ModelIterable, QuerySet, ValuesIterable, get_related_populators
from django.utils import timezone, translation

M = TypeVar("M", bound=models.Model)
Value = int | str

# Two sets of markers that differ from each other and from anything a caller passes. The int
# markers of one set are negative, of the other positive, so a build that a value's sign would
# steer builds two SQLs. A string marker holds what escaping, case folding or trimming would
# change (%, _, \\, both cases, spaces at its ends), so a lookup that alters its value shows.
_MARKERS: dict[type, Callable[[int, int], Value]] = {
    int: lambda run, i: (1 if run else -1) * (1_000_000_007 + 1_000 * run + i),
    str: lambda run, i: f" %_\\Entraide-Marker-{run}-{i}\x1f ",
}


@dataclass(frozen=True)
class Scope:
    """What a compiled read knows of its user: the role (part of the shape) and the authority
    (a value). ``restrict(user)`` and the policies read nothing else."""

    role: str
    authority_id: Value
    is_authenticated: bool = True


@dataclass(frozen=True)
class _Plan:
    alias: str
    sql: str
    slots: tuple[tuple[bool, Any], ...]  # (True, index of a value) or (False, constant)
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    model: type[models.Model] | None  # None: rows are values() dicts
    names: tuple[str, ...]  # values(): the dict keys; models: the attnames from start to stop
    start: int
    stop: int
    populators: tuple[Any, ...]
    annotations: tuple[tuple[str, int], ...]

    def params(self, values: tuple[Value, ...]) -> list[Any]:
        return [values[x] if is_value else x for is_value, x in self.slots]

    def run(self, values: tuple[Value, ...]) -> list[Any]:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.params(values))
            return self.objects(cursor.fetchall())

    def objects(self, rows: list[tuple[Any, ...]]) -> list[Any]:
        """The model instances, or dicts, of the rows fetched."""
        if self.converters:
            connection = connections[self.alias]
            rows = [self._convert(row, connection) for row in rows]  # type: ignore[misc]
        if self.model is None:
            return [dict(zip(self.names, row, strict=False)) for row in rows]
        out = []
        for row in rows:
            obj = self.model.from_db(self.alias, self.names, row[self.start : self.stop])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            out.append(obj)
        return out

    def _convert(self, row: tuple[Any, ...], connection: Any) -> list[Any]:
        converted = list(row)
        for position, functions, expression in self.converters:
            value = converted[position]
            for function in functions:
                value = function(value, expression, connection)
            converted[position] = value
        return converted


class CompiledQuery(Generic[M]):
    """``build(shape, user, *values)`` -> QuerySet, compiled once per shape (see the module's doc).

    ``build`` must use the values only as lookup values, never to choose what to build: the
    shape does that. A value that is empty or zero, which a build might treat apart, runs uncached.
    """

    max_shapes = 256

    def __init__(self, build: Callable[..., QuerySet[M]]) -> None:
        self._build = build
        self._plans: OrderedDict[Hashable, _Plan | None] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, user: Any, *values: Value, shape: Hashable = ()) -> list[Any]:
        """The rows of ``build(shape, user, *values)``: model instances, or dicts for ``values()``."""
        planned = self.plan(user, values, shape)
        if planned is None:
            return list(self._build(shape, user, *values))
        plan, every = planned
        return plan.run(every)

    def plan(self, user: Any, values: tuple[Value, ...], shape: Hashable = ()) -> tuple[_Plan, tuple[Any, ...]] | None:
        """The plan of this call's shape and the values to run it with; None: run it uncached."""
        every: tuple[Any, ...] = (getattr(user, "authority_id", None), *values)
        types = tuple(type(v) for v in every)
        if not getattr(user, "is_authenticated", False) or not all(every) or any(t not in _MARKERS for t in types):
            return None
        role = getattr(user, "role", None) or ""
        # The active time zone and language may be written into the SQL (a date lookup, a name column).
        key = (role, types, shape, timezone.get_current_timezone_name(), translation.get_language())
        with self._lock:
            known = key in self._plans
            plan = self._plans.get(key)
            if known:
                self._plans.move_to_end(key)
        if not known:
            plan = self._compile(shape, role, types)
            with self._lock:
                self._plans[key] = plan
                if len(self._plans) > self.max_shapes:
                    self._plans.popitem(last=False)
        return None if plan is None else (plan, every)

    def _compile(self, shape: Hashable, role: str, types: tuple[type, ...]) -> _Plan | None:
        """Compile with two sets of markers; None if the shape cannot be kept (see the doc)."""
        runs = []
        for run in (0, 1):
            markers = tuple(_MARKERS[t](run, i) for i, t in enumerate(types))
            queryset = self._build(shape, Scope(role, markers[0]), *markers[1:])
            if (
                queryset._iterable_class not in (ModelIterable, ValuesIterable)
                or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
                or queryset._known_related_objects  # type: ignore[attr-defined]
            ):
                return None
            compiler = queryset.query.get_compiler(using=queryset.db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return None
            runs.append((markers, sql, tuple(params), queryset, compiler))
        (markers_a, sql, params_a, queryset, compiler), (markers_b, sql_b, params_b, _, _) = runs
        if sql != sql_b or len(params_a) != len(params_b):
            return None
        slots: list[tuple[bool, Any]] = []
        for a, b in zip(params_a, params_b, strict=True):
            if a == b and type(a) is type(b):
                slots.append((False, a))
            elif a in markers_a and b in markers_b and markers_a.index(a) == markers_b.index(b):
                slots.append((True, markers_a.index(a)))
            else:
                return None
        return self._plan(queryset, compiler, sql, tuple(slots))

    @staticmethod
    def _plan(queryset: QuerySet[Any], compiler: Any, sql: str, slots: tuple[tuple[bool, Any], ...]) -> _Plan | None:
        select = compiler.select
        expressions = [column[0] for column in select[: compiler.col_count]]
        if compiler.has_composite_fields(expressions):
            return None
        converters = tuple((p, tuple(f), e) for p, (f, e) in compiler.get_converters(expressions).items())
        common: dict[str, Any] = {"alias": queryset.db, "sql": sql, "slots": slots, "converters": converters}
        if queryset._iterable_class is ValuesIterable:
            query = queryset.query
            names = tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select))
            return _Plan(**common, model=None, names=names, start=0, stop=0, populators=(), annotations=())
        info = compiler.klass_info
        start, stop = info["select_fields"][0], info["select_fields"][-1] + 1
        return _Plan(
            **common,
            model=info["model"],
            names=tuple(column[0].target.attname for column in select[start:stop]),
            start=start,
            stop=stop,
            populators=tuple(get_related_populators(info, select, queryset.db)),  # type: ignore[call-arg]
            annotations=tuple(compiler.annotation_col_map.items()),
        )


def run_together(user: Any, reads: Mapping[str, tuple[CompiledQuery[Any], tuple[Value, ...]]]) -> dict[str, list[Any]]:
    """Several compiled reads of one page, each ``name: (query, values)``, run together.

    On PostgreSQL the reads whose plans are kept go out in one pipeline: one round trip to the
    server for all of them instead of one each (psycopg's pipeline mode; each is still its own
    statement, prepared like any other). Elsewhere, and for a read that runs uncached, one by one.
    """
    planned = {name: (query, values, query.plan(user, values)) for name, (query, values) in reads.items()}
    out = {
        name: list(query._build((), user, *values)) for name, (query, values, plan) in planned.items() if plan is None
    }
    kept = {name: plan for name, (_, _, plan) in planned.items() if plan is not None}
    aliases = {plan.alias for plan, _ in kept.values()}
    connection = connections[next(iter(aliases))] if len(aliases) == 1 else None
    if connection is None or connection.vendor != "postgresql" or len(kept) < 2:
        out.update({name: plan.run(every) for name, (plan, every) in kept.items()})
        return {name: out[name] for name in reads}
    connection.ensure_connection()
    with ExitStack() as stack:
        stack.enter_context(connection.wrap_database_errors)
        stack.enter_context(connection.connection.pipeline())
        cursors = {name: stack.enter_context(connection.cursor()) for name in kept}
        for name, (plan, every) in kept.items():  # sent, not waited for
            cursors[name].execute(plan.sql, plan.params(every))
        for name, (plan, _) in kept.items():  # the first fetch waits for all of them
            out[name] = plan.objects(cursors[name].fetchall())
    return {name: out[name] for name in reads}
