"""Set-based inserts for the review's bulk path: rows of other apps' models (cases, leads, parties,
evidence) written the way `Model.objects.bulk_create` would write them, without building a model
instance and compiling a multi-row INSERT per row.

`insert_rows(model, template, varying, values)`: every column not named in `varying` takes the
value the `template` instance would save (its defaults, `auto_now_add` time, constant foreign
keys), prepared once; the `varying` columns come from `values`, one tuple per row. On PostgreSQL
the ids are drawn from the table's own sequence and the rows go in by one COPY; elsewhere by
`bulk_create`. Returns the new ids, in order. No signals are sent (as with `bulk_create`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, models

# Callable defaults that give the same value for every row (safe to prepare once).
_CONSTANT_DEFAULTS = (dict, list)


class JsonText(str):
    """A JSON column's value already serialised (written as is, not serialised again)."""


def _check_template(model, varying: Sequence[str]) -> None:
    """Refuse a column whose default differs per row (a uuid, a token) unless it is `varying`."""
    for f in model._meta.concrete_fields:
        if f.primary_key or f.attname in varying or f.name in varying:
            continue
        if f.has_default() and callable(f.default) and f.default not in _CONSTANT_DEFAULTS:
            raise ValueError(f"{model.__name__}.{f.name}: a per-row default must be in `varying`")


def _copy_value(field, value):
    """A prepared value as COPY's text format wants it (JSON as text)."""
    if isinstance(field, models.JSONField):
        if value is None or isinstance(value, JsonText):
            return value
        return json.dumps(value, ensure_ascii=False, default=str)
    return field.get_db_prep_save(value, connection)


def insert_rows(
    model, template: models.Model, varying: Sequence[str], values: Sequence[tuple]
) -> list[int]:
    if not values:
        return []
    _check_template(model, varying)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_name = {f.attname: f for f in fields} | {f.name: f for f in fields}
    varying_fields = [by_name[name] for name in varying]
    if connection.vendor != "postgresql":
        objs = []
        for row in values:
            obj = model(**{f.attname: getattr(template, f.attname) for f in fields})
            for f, v in zip(varying_fields, row, strict=True):
                setattr(obj, f.attname, json.loads(v) if isinstance(v, JsonText) else v)
            objs.append(obj)
        model.objects.bulk_create(objs)
        return [o.pk for o in objs]

    constant = {}
    for f in fields:
        if f in varying_fields:
            continue
        value = f.pre_save(template, add=True)
        constant[f.column] = _copy_value(f, value)
    table = model._meta.db_table
    pk = model._meta.pk.column
    columns = [pk, *constant, *(f.column for f in varying_fields)]
    fixed = list(constant.values())
    json_at = [i for i, f in enumerate(varying_fields) if isinstance(f, models.JSONField)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(values)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for new_id, row in zip(ids, values, strict=True):
                row = list(row)
                for i in json_at:
                    row[i] = _copy_value(varying_fields[i], row[i])
                copy.write_row([new_id, *fixed, *row])
    return ids
