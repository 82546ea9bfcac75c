"""Database triggers that keep cached scores exact: every write the evidence depends on bumps
the revision of the commune years it touches, whatever wrote it (a view, an import,
``QuerySet.update``, ``bulk_create``, the admin, a data migration, plain SQL).

The tables watched are found from the models, not listed by hand: the year itself
(:class:`~parscore.web.models.Assessment`), every model with a foreign key to it (a new one
is watched as soon as it exists), and what a year's evidence also reads: its commune, its
province and its frozen pack. Extra bumps only cost a recomputation; a missed one would show a
stale score, so when in doubt a table is watched.

Triggers are (re)installed after every ``migrate`` (a later migration may rebuild a table on
SQLite, which drops its triggers) and checked once per process before the cache is used
(:func:`ensure_triggers`). Only SQLite and PostgreSQL are supported; on any other database
:func:`ensure_triggers` returns ``False`` and nothing is cached.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections

__all__ = ["PREFIX", "ensure_triggers", "install_triggers", "trigger_names", "watched_tables"]

PREFIX = "parscore_stale_"
_CHECKED: set[str] = set()  # database aliases whose triggers were found in place


def watched_tables() -> dict[str, str]:
    """``table -> SQL`` selecting the ids of the years a row of it touches, ``{row}`` standing
    for ``NEW`` or ``OLD``."""
    from .models import Assessment, Commune, PackVersion, Province, ScoreCache

    year = Assessment._meta
    out = {year.db_table: f"{{row}}.{year.pk.column}"}
    for model in apps.get_app_config("web").get_models():
        if model is ScoreCache:
            continue
        columns = [
            f.column
            for f in model._meta.concrete_fields
            if f.many_to_one and f.related_model is Assessment
        ]
        if columns:
            out[model._meta.db_table] = ", ".join(f"{{row}}.{c}" for c in columns)
    commune, pack = year.get_field("commune").column, year.get_field("pack").column
    years_where = f"SELECT {year.pk.column} FROM {year.db_table} WHERE"
    out[Commune._meta.db_table] = f"{years_where} {commune} = {{row}}.{Commune._meta.pk.column}"
    out[PackVersion._meta.db_table] = (
        f"{years_where} {pack} = {{row}}.{PackVersion._meta.pk.column}"
    )
    c = Commune._meta
    of_province = (
        f"SELECT {c.pk.column} FROM {c.db_table} WHERE {c.get_field('province').column} = "
        f"{{row}}.{Province._meta.pk.column}"
    )
    out[Province._meta.db_table] = f"{years_where} {commune} IN ({of_province})"
    return out


def _bump(ids: str, row: str) -> str:
    from .models import ScoreCache

    cache = ScoreCache._meta
    return (
        f"UPDATE {cache.db_table} SET revision = revision + 1 "
        f"WHERE {cache.get_field('assessment').column} IN ({ids.format(row=row)});"
    )


def trigger_names(vendor: str) -> set[str]:
    """The names of the triggers :func:`install_triggers` makes on ``vendor``."""
    tables = watched_tables()
    if vendor == "sqlite":
        return {f"{PREFIX}{t}_{op}" for t in tables for op in ("insert", "update", "delete")}
    return {f"{PREFIX}{t}" for t in tables}


def _sqlite(table: str, ids: str) -> list[str]:
    out = []
    for op, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
        name = f"{PREFIX}{table}_{op}"
        body = " ".join(_bump(ids, row) for row in rows)
        out.append(f"DROP TRIGGER IF EXISTS {name}")
        out.append(
            f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} FOR EACH ROW BEGIN {body} END"
        )
    return out


def _postgresql(table: str, ids: str) -> list[str]:
    name = f"{PREFIX}{table}"
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN {_bump(ids, "OLD")} END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN {_bump(ids, "NEW")} END IF;
  RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def install_triggers(using: str = "default", **_: Any) -> bool:
    """Make (or remake) every trigger; ``False`` on a database this module does not support.
    Also a ``post_migrate`` receiver."""
    connection = connections[using]
    maker = {"sqlite": _sqlite, "postgresql": _postgresql}.get(connection.vendor)
    if maker is None:
        return False
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, ids in watched_tables().items():
            if table not in existing:
                continue  # not migrated yet: the next migrate installs it
            for statement in maker(table, ids):
                cursor.execute(statement)
    _CHECKED.discard(using)
    return True


def _installed(using: str) -> set[str]:
    connection = connections[using]
    query = {
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {row[0] for row in cursor.fetchall()}


def ensure_triggers(using: str = "default") -> bool:
    """Whether the cache may be used: the database is supported and every trigger is in place
    (installed now when one is missing). Checked once per process and database."""
    if using in _CHECKED:
        return True
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        return False
    if not trigger_names(vendor) <= _installed(using) and not install_triggers(using):
        return False
    _CHECKED.add(using)
    return True
