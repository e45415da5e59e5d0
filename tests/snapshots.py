"""The ``world`` fixtures, fast: each world is built the slow way (``build_world``: factories, the
portal's own rules, some 140 queries) once per test worker and then inserted again, row for row, by
the following tests that ask for it (one INSERT per table, some 30 queries; on PostgreSQL all of them
in one script, one round trip). Fixtures built on top of a world (``public_record``:
``build_public_record(world)``, some 130 queries) are remembered and inserted again the same way.

What a test sees is what the build would have given it: the same rows (the datetimes moved to the
moment of the test), fresh model instances (deep copies, linked to one another as the built ones were;
a world's instances in a later fixture's namespace are the test's own world instances, as when built)
and the write generation replaced, as after any write. A snapshot is only inserted again into the very
state it was built in: the row counts of every table are those of the test database as migrated (or
after a flush), or that plus what the test asked for before in the same order; the rows it points at
have the keys they had (those of the earlier snapshots of the test, inserted again); the tables it
writes have the highest keys they had. Anything else (a fixture that wrote before ``world``, a world
built next to the demo record, a world built rather than inserted) gets the slow build of before. A
snapshot whose rows point outside themselves and the earlier snapshots (but for history's keys, without a
constraint, at a row the build made and deleted), or whose build changed the rows or instances of what
came before, is never taken: a fixture that changes a world is built together with its worlds, as a
snapshot of its own (``two_stls``, ``two_sites``), or makes that change after its snapshot (``drafts``). The files its rows name are put back if a test
removed them. Snapshots are taken again on another day (the builds use today's date).
"""

import datetime
import io
import pickle
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone


@dataclass
class Snapshot:
    namespace: bytes  # the pickled SimpleNamespace of instances, as build() returned it
    inserts: list  # (sql, params, [(position, datetime)]) per batch of rows of one table
    tops: dict  # model -> highest primary key inserted
    keys: dict  # concrete model -> primary keys of the rows inserted
    keys_before: dict  # the same of the rows of what the test had asked for before (TestState.keys)
    files: list  # (file field, name, content) of the files the rows name
    stats_before: tuple
    stats_after: tuple
    built_at: object
    started_at: object = None  # when its build began (built_at: when it ended)
    script: tuple | None = None  # PostgreSQL: (the inserts as one script, its datetimes), made once


@dataclass
class TestState:
    """What this test has asked for so far, and the table stats the next snapshot expects."""

    names: list = field(default_factory=list)
    expected: tuple | None = None
    clean: bool = True
    namespaces: list = field(default_factory=list)  # what each of ``names`` returned to the test
    keys: dict = field(default_factory=dict)  # concrete model -> primary keys of the rows of ``names``
    # Where in time what this test holds ends: a snapshot inserted on top of it is moved so that its
    # build begins there (its rows come after those it was built on, as when it was built).
    end: object = None


# The first snapshot a test asks for ends this long before the moment of the test, so that the ones
# inserted after it, each beginning where the one before ended, still land in the past.
FIRST_IN_THE_PAST = datetime.timedelta(seconds=10)

_SNAPSHOTS = {}
_MODELS = None
_CLEAN_STATS = {}  # vendor -> [(count, max pk)] of every table of the migrated test database


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
    return tuple((values[i], values[i + 1]) for i in range(0, len(values), 2))


def counts():
    return tuple(count for count, _ in _table_stats())


def remember_clean_state():
    """The row counts and highest keys of the migrated test database (once per worker, outside any test)."""
    _CLEAN_STATS[connection.vendor] = _table_stats()


def _clean_counts():
    stats = _CLEAN_STATS.get(connection.vendor)
    return None if stats is None else _counts(stats)


def flush_statements(ops, style, tables):
    """DELETEs that bring ``tables`` back to the migrated state: the rows added since (keys above the
    highest migrated one) where migrate left rows, every row elsewhere. None when the migrated state
    is unknown or a table's migrated rows cannot be told apart by their key."""
    stats = _CLEAN_STATS.get(ops.connection.vendor)
    if stats is None:
        return None
    kept = {model._meta.db_table: (model, top) for model, (count, top) in zip(_models(), stats, strict=True)
            if count}
    statements = []
    for table in tables:
        sql = f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(ops.quote_name(table))}"
        if table in kept:
            model, top = kept[table]
            if not _integer_pk(model) or top is None:
                return None
            sql += f" {style.SQL_KEYWORD('WHERE')} {ops.quote_name(model._meta.pk.column)} > {int(top)}"
        statements.append(sql + ";")
    return statements


def at_migrated_state(using="default"):
    """Whether every table holds as many rows as migrate left (then post_migrate has nothing to add)."""
    return using == "default" and _clean_counts() is not None and counts() == _clean_counts()


def _integer_pk(model):
    return isinstance(model._meta.pk, (models.AutoField, models.BigAutoField, models.SmallAutoField,
                                       models.IntegerField))


def _other_keys(stats):
    """The primary keys of the rows of tables whose keys are not integers (a task's UUID)."""
    return {model: set(model._base_manager.using("default").values_list("pk", flat=True))
            for model, (count, _) in zip(_models(), stats, strict=True) if count and not _integer_pk(model)}


def _capture(before, after, namespace, state, other_keys, started_at=None):
    """The rows ``build`` added, or None when they cannot be replayed safely."""
    rows = {}
    for model, (count_before, max_before), (count_after, _) in zip(_models(), before, after, strict=True):
        if count_after == count_before:
            continue
        if count_after < count_before:
            return None
        manager = model._base_manager.using("default")
        if _integer_pk(model):
            instances = list(manager.filter(pk__gt=max_before or 0).order_by("pk"))
        else:
            instances = list(manager.exclude(pk__in=other_keys.get(model, ())).order_by("pk"))
        if len(instances) != count_after - count_before:
            return None
        rows[model] = instances
    # Every foreign key of the rows points inside them, into the rows of what this test asked for
    # before (inserted again with the same keys), nowhere, or (unconstrained, as history's) at a row
    # the build made and deleted: a key between the table's highest before and its highest inserted,
    # which the inserted rows leave out as the build did. Nothing else is assumed.
    keys = {model._meta.concrete_model: {obj.pk for obj in objs} for model, objs in rows.items()}
    deleted = {model._meta.concrete_model: (top_before or 0, max(obj.pk for obj in rows[model]))
               for model, (_, top_before) in zip(_models(), before, strict=True)
               if model in rows and _integer_pk(model)}
    for model, objs in rows.items():
        for fk in model._meta.concrete_fields:
            if not fk.is_relation or not fk.many_to_one and not fk.one_to_one:
                continue
            target = fk.related_model._meta.concrete_model
            low, high = deleted.get(target, (0, 0)) if not fk.db_constraint and fk.target_field.primary_key else (0, 0)
            for obj in objs:
                value = getattr(obj, fk.attname)
                if value is not None and value not in keys.get(target, ()) and value not in state.keys.get(target, ()) \
                        and not low < value <= high:
                    return None
    try:
        pickled = _dump(namespace, state.namespaces)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    inserts = _inserts(rows)
    return Snapshot(namespace=pickled, inserts=inserts,
                    tops={model: max(obj.pk for obj in objs) for model, objs in rows.items() if _integer_pk(model)},
                    keys={model: frozenset(pks) for model, pks in keys.items()}, files=_files(rows),
                    keys_before={model: set(pks) for model, pks in state.keys.items()},
                    stats_before=before, stats_after=after, built_at=timezone.now(), started_at=started_at)


def _files(rows):
    """The content of every file the rows name, to put back should a test have removed one."""
    found = []
    for model, objs in rows.items():
        for fld in model._meta.concrete_fields:
            if isinstance(fld, models.FileField):
                for obj in objs:
                    name = getattr(obj, fld.attname).name
                    if name:
                        with fld.storage.open(name, "rb") as handle:
                            found.append((fld, name, handle.read()))
    return found


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


def _named(namespaces):
    """id -> (which namespace, attribute path) of the instances a test reaches by attribute from the
    namespaces it was given (``world.stl``, ``world.seats.guarantor``), not through cached relations."""
    found = {}

    def walk(value, index, path):
        if isinstance(value, models.Model):
            found.setdefault(id(value), (index, path))
        elif isinstance(value, SimpleNamespace):
            for attr, item in vars(value).items():
                walk(item, index, (*path, attr))

    for index, namespace in enumerate(namespaces):
        walk(namespace, index, ())
    return found


def _dump(namespace, namespaces):
    """The namespace pickled, with the instances of the earlier namespaces named, not copied: the
    replayed namespace points at the very instances the test got from them, as the built one did."""
    named = _named(namespaces)

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            return named.get(id(obj)) if isinstance(obj, models.Model) else None

    buffer = io.BytesIO()
    Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(namespace)
    return buffer.getvalue()


def _load(data, namespaces):
    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            index, path = pid
            value = namespaces[index]
            for attr in path:
                value = getattr(value, attr)
            return value

    return Unpickler(io.BytesIO(data)).load()


def _shift(instance, delta):
    for fld in instance._meta.concrete_fields:
        if isinstance(fld, models.DateTimeField):
            value = getattr(instance, fld.attname, None)
            if value is not None:
                setattr(instance, fld.attname, value + delta)


def _replay(snapshot, state, delta):
    from stl_portal.cache import invalidate_pages

    namespace = _load(snapshot.namespace, state.namespaces)
    # The earlier namespaces' instances have had their datetimes moved already.
    earlier = set()
    for earlier_namespace in state.namespaces:
        for _ in _instances(earlier_namespace, earlier):
            pass
    for instance in _instances(namespace, earlier):
        _shift(instance, delta)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip instead of one per table: the INSERTs and the sequences as one script.
            script, datetimes = _postgresql_script(snapshot)
            moved = [f"'{(value + delta).isoformat()}'::timestamptz" for value in datetimes]
            cursor.execute(_DATETIME_MARK.sub(lambda mark: moved[int(mark.group(1))], script))
        else:
            for sql, params, datetimes in snapshot.inserts:
                params = list(params)
                for position, value in datetimes:
                    params[position] = connection.ops.adapt_datetimefield_value(value + delta)
                cursor.execute(sql, params)
        invalidate_pages()
    for fld, name, content in snapshot.files:
        if not fld.storage.exists(name):
            fld.storage.save(name, ContentFile(content))
    return namespace


# Where a datetime goes in a snapshot's PostgreSQL script: a string literal no row holds.
_DATETIME_MARK = re.compile("'\x01([0-9]+)\x01'")


def _postgresql_script(snapshot):
    """PostgreSQL: the snapshot's INSERTs, their values bound by psycopg on the client (as Django's own
    PostgreSQL cursor does), and its sequences, as one script sent by the simple query protocol; each
    datetime is a numbered mark (``_DATETIME_MARK``), replaced by its value moved to the test's moment.
    Made once per snapshot: binding its values took half of each insertion."""
    if snapshot.script is None:
        statements, datetimes = [], []
        for sql, params, moved in snapshot.inserts:
            params = list(params)
            for position, value in moved:
                params[position] = f"\x01{len(datetimes)}\x01"
                datetimes.append(value)
            statements.append(connection.ops.compose_sql(sql, params))
        statements.append(_advance_sequences_sql(snapshot.tops))
        snapshot.script = (";\n".join(statement for statement in statements if statement), datetimes)
    return snapshot.script


def _advance_sequences_sql(tops):
    """PostgreSQL: one query that keeps every sequence past the inserted keys (they normally already
    are); empty when no table has one."""
    calls = []
    for model, top in tops.items():
        sequence = f"pg_get_serial_sequence('\"{model._meta.db_table}\"', '{model._meta.pk.column}')"
        top = int(top)
        calls.append(f"setval({sequence}, GREATEST({top}, "
                     f"COALESCE(pg_sequence_last_value({sequence}::regclass), 1)))")
    return "SELECT " + ", ".join(calls) if calls else ""


def _values(state):
    """The rows of what this test asked for so far, as stored."""
    return {model: list(model._base_manager.using("default").filter(pk__in=pks).order_by("pk").values_list())
            for model, pks in state.keys.items()}


def _fields(instance):
    return [getattr(instance, fld.attname, None) for fld in instance._meta.concrete_fields]


def _in_memory(state):
    """The instances the test holds from what it asked for so far, with their field values."""
    seen = set()
    return [(instance, _fields(instance)) for namespace in state.namespaces
            for instance in _instances(namespace, seen)]


def _counts(stats):
    return tuple(count for count, _ in stats)


def _fits(snapshot, state, stats):
    """Whether the snapshot was taken in this very state: the rows it points at have the keys they had
    (those of what this test asked for before, inserted again) and its own keys are free."""
    if snapshot is None or snapshot.keys_before != state.keys:
        return False
    return all(now[1] == then[1] for model, now, then in zip(_models(), stats, snapshot.stats_before, strict=True)
               if model in snapshot.tops)


def _delta(snapshot, state):
    """How far in time to move a snapshot's datetimes: the first of a test ends FIRST_IN_THE_PAST before
    the test's moment, each later one begins where what the test holds ends (a record updated after its
    world stays updated after it). None when it would end after the test's moment: it is built again."""
    now = timezone.now()
    if not state.names:
        return now - FIRST_IN_THE_PAST - snapshot.built_at
    if state.end is None or snapshot.started_at is None:
        return None
    delta = state.end - snapshot.started_at
    return delta if snapshot.built_at + delta <= now else None


def world_for(state, name, build):
    """What ``build()`` makes, called ``name`` for this test: inserted again from its snapshot when the
    database is in the state it was built in, else built by ``build()`` (and remembered when that state
    allows). ``build`` may make rows that point into what the test asked for before (``world``)."""
    key = (connection.vendor, datetime.date.today(), timezone.localdate(), *state.names, name)
    stats = None
    if state.clean:
        stats = _table_stats()
        expected = state.expected if state.expected is not None else _CLEAN_STATS.get(connection.vendor)
        if expected is None or _counts(stats) != _counts(expected):
            state.clean = False
        elif _fits(_SNAPSHOTS.get(key), state, stats) and (delta := _delta(_SNAPSHOTS[key], state)) is not None:
            snapshot = _SNAPSHOTS[key]
            namespace = _replay(snapshot, state, delta)
            state.end = snapshot.built_at + delta
            _remember(state, name, namespace, snapshot.stats_after, snapshot.keys)
            return namespace
    capturing = state.clean and key not in _SNAPSHOTS
    if capturing and state.names:
        rows_before, held_before = _values(state), _in_memory(state)
    other_keys = _other_keys(stats) if capturing else None
    started_at = timezone.now()
    namespace = build()
    state.end = timezone.now()
    if state.clean:
        after = _table_stats()
        if capturing:
            snapshot = _capture(stats, after, namespace, state, other_keys, started_at)
            if snapshot is not None and state.names and (_values(state) != rows_before or any(
                    _fields(instance) != values for instance, values in held_before)):
                snapshot = None  # it changed what was asked for before: replaying it would not
            _SNAPSHOTS[key] = snapshot
        # Only rows remembered with their keys can be pointed at by a snapshot taken after them.
        _remember(state, name, namespace, after, snapshot.keys if capturing and snapshot is not None else {})
    return namespace


def _remember(state, name, namespace, after, keys):
    state.names.append(name)
    state.namespaces.append(namespace)
    state.expected = after
    for model, pks in keys.items():
        state.keys.setdefault(model, set()).update(pks)
