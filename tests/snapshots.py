"""The ``world`` fixtures, fast: each world is built the slow way (``build_world``: factories, the
portal's own rules, some 220 queries) once per test worker and then inserted again, row for row, by
the following tests that ask for it (one INSERT per table, some 30 queries).

What a test sees is what ``build_world`` would have given it: the same rows (the datetimes moved to
the moment of the test), fresh model instances (deep copies, linked to one another as the built ones
were) and the write generation replaced, as after any write. A world is only inserted again into the
very state it was built in, checked by counting the rows of every table: the test database as
migrated (or after a flush), or that plus the worlds inserted before it in the same test. Anything
else (a fixture that wrote before ``world``, a world built next to the demo record) gets the slow
``build_world`` of before. A world whose rows point outside themselves is never replayed.
"""

import pickle
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone


@dataclass
class Snapshot:
    namespace: bytes  # the pickled SimpleNamespace of instances, as build_world returned it
    inserts: list  # (sql, params, [(position, datetime)]) per batch of rows of one table
    tops: dict  # model -> highest primary key inserted
    counts_after: tuple
    built_at: object


@dataclass
class TestState:
    """What this test has asked for so far, and the row counts the next world expects."""

    names: list = field(default_factory=list)
    expected: tuple | None = None
    clean: bool = True


_SNAPSHOTS = {}
_MODELS = None
_CLEAN_COUNTS = {}


def _models():
    global _MODELS
    if _MODELS is None:
        seen, found = set(), []
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and not model._meta.proxy and table not in seen:
                seen.add(table)
                found.append(model)
        _MODELS = found
    return _MODELS


def _table_stats():
    """(count, max pk) of every table, in one query (on PostgreSQL a statement prepared once per
    connection: planning its 160 subqueries cost ten times more than running them)."""
    qn = connection.ops.quote_name
    parts = []
    for model in _models():
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({pk}) FROM {table})" if _integer_pk(model) else "NULL")
    sql = "SELECT " + ", ".join(parts)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = connection.connection
            if getattr(raw, "stl_table_stats", None) != sql:
                # Prepared statements belong to the session and outlive a rolled-back transaction.
                if getattr(raw, "stl_table_stats", None) is not None:
                    cursor.execute("DEALLOCATE stl_table_stats")
                cursor.execute("PREPARE stl_table_stats AS " + sql)
                raw.stl_table_stats = sql
            cursor.execute("EXECUTE stl_table_stats")
        else:
            cursor.execute(sql)
        values = cursor.fetchone()
    return [(values[i], values[i + 1]) for i in range(0, len(values), 2)]


def counts():
    return tuple(count for count, _ in _table_stats())


def remember_clean_state():
    """The row counts of the migrated test database (called once per worker, outside any test)."""
    _CLEAN_COUNTS[connection.vendor] = counts()


def _integer_pk(model):
    return isinstance(model._meta.pk, (models.AutoField, models.BigAutoField, models.SmallAutoField,
                                       models.IntegerField))


def _capture(before, after, namespace):
    """The rows ``build_world`` added, or None when they cannot be replayed safely."""
    rows = {}
    for model, (count_before, max_before), (count_after, _) in zip(_models(), before, after, strict=True):
        if count_after == count_before:
            continue
        if count_after < count_before or not _integer_pk(model):
            return None
        instances = list(model._base_manager.using("default").filter(pk__gt=max_before or 0).order_by("pk"))
        if len(instances) != count_after - count_before:
            return None
        rows[model] = instances
    # Every foreign key of the rows points inside them (or nowhere): nothing outside is assumed.
    keys = {model._meta.concrete_model: {obj.pk for obj in objs} for model, objs in rows.items()}
    for model, objs in rows.items():
        for fk in model._meta.concrete_fields:
            if not fk.is_relation or not fk.many_to_one and not fk.one_to_one:
                continue
            target = fk.related_model._meta.concrete_model
            for obj in objs:
                value = getattr(obj, fk.attname)
                if value is not None and value not in keys.get(target, ()):
                    return None
    return Snapshot(namespace=pickle.dumps(namespace, pickle.HIGHEST_PROTOCOL), inserts=_inserts(rows),
                    tops={model: max(obj.pk for obj in objs) for model, objs in rows.items()},
                    counts_after=tuple(c for c, _ in after), built_at=timezone.now())


def _inserts(rows):
    """Multi-row INSERTs of the rows with their parameters ready, and where their datetimes are."""
    qn = connection.ops.quote_name
    inserts = []
    for model, objs in rows.items():
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            params, datetimes = [], []
            for obj in batch:
                for fld in fields:
                    value = getattr(obj, fld.attname)
                    if isinstance(fld, models.DateTimeField) and value is not None:
                        datetimes.append((len(params), value))
                    params.append(fld.get_db_prep_save(value, connection))
            sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
                   f"VALUES {', '.join([row_sql] * len(batch))}")
            inserts.append((sql, params, datetimes))
    return inserts


def _instances(value, seen):
    """Every model instance reachable from a namespace: its values and their cached relations."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, models.Model):
        yield value
        for related in value._state.fields_cache.values():
            yield from _instances(related, seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for item in vars(value).values():
            yield from _instances(item, seen)


def _shift(instance, delta):
    for fld in instance._meta.concrete_fields:
        if isinstance(fld, models.DateTimeField):
            value = getattr(instance, fld.attname, None)
            if value is not None:
                setattr(instance, fld.attname, value + delta)


def _replay(snapshot):
    from stl_portal.cache import invalidate_pages

    namespace = pickle.loads(snapshot.namespace)
    delta = timezone.now() - snapshot.built_at
    for instance in _instances(namespace, set()):
        _shift(instance, delta)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params, datetimes in snapshot.inserts:
            params = list(params)
            for position, value in datetimes:
                params[position] = connection.ops.adapt_datetimefield_value(value + delta)
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            _advance_sequences(cursor, snapshot.tops)
        invalidate_pages()
    return namespace


def _advance_sequences(cursor, tops):
    """PostgreSQL: keep every sequence past the inserted keys (they normally already are), in one query."""
    calls = []
    for model, top in tops.items():
        sequence = f"pg_get_serial_sequence('\"{model._meta.db_table}\"', '{model._meta.pk.column}')"
        top = int(top)
        calls.append(f"setval({sequence}, GREATEST({top}, "
                     f"COALESCE(pg_sequence_last_value({sequence}::regclass), 1)))")
    if calls:
        cursor.execute("SELECT " + ", ".join(calls))


def world_for(state, name, build):
    """The world called ``name`` for this test: inserted again from its snapshot when the database is in
    the state it was built in, else built by ``build()`` (and remembered when that state allows)."""
    key = (connection.vendor, *state.names, name)
    stats = None
    if state.clean:
        stats = _table_stats()
        expected = state.expected if state.expected is not None else _CLEAN_COUNTS.get(connection.vendor)
        current = tuple(count for count, _ in stats)
        if expected is None or current != expected:
            state.clean = False
        elif key in _SNAPSHOTS and _SNAPSHOTS[key] is not None:
            snapshot = _SNAPSHOTS[key]
            namespace = _replay(snapshot)
            state.names.append(name)
            state.expected = snapshot.counts_after
            return namespace
    namespace = build()
    if state.clean:
        after = _table_stats()
        if key not in _SNAPSHOTS:
            _SNAPSHOTS[key] = _capture(stats, after, namespace)
        state.names.append(name)
        state.expected = tuple(count for count, _ in after)
    return namespace
