"""Queries made on every signed-in request, turned into SQL by the ORM once per database connection.

Django builds a queryset and compiles it to SQL again each time it runs. For the
few queries that every signed-in request makes (the session, the account, the
learner's progress on a lesson) that costs more CPU than the query itself.
Measured in process on PostgreSQL: the account with its two subqueries 1.2 ms
through the ORM and 0.16 ms prepared; the progress row 0.4 ms and about 0.15 ms.
Sending the SQL and reading the row is about 0.08 ms of that.

A `PreparedQuery` asks the ORM to compile the queryset once per database
connection, with a stand-in value for each argument, and notes where each
stand-in is among the SQL's parameters. Each call puts the real values there,
prepared for the database by the field they are compared with (as a queryset's
filter would), sends the SQL and turns the rows into model instances as Django's
ModelIterable does: the compiler's converters, `Model.from_db` with the selected
fields (others deferred), annotations set as attributes. Those compiler
attributes (`select`, `klass_info`, `annotation_col_map`, `get_converters`) are
the ORM's own, not documented API; tests/core/test_prepared_queries.py compares
the rows with the queryset's on SQLite and PostgreSQL, so an upgrade of Django
that changes them fails there.
"""

import uuid
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router


@dataclass(frozen=True)
class _Compiled:
    """A queryset compiled for one database connection, and how to read its rows."""

    sql: str
    params: tuple
    fields: list  # the field each value is compared with, to prepare it
    positions: list  # where each value goes among the parameters
    init_names: list  # the model's fields in the rows, by attribute name
    model_columns: slice  # where they are in a row
    annotations: dict  # attribute name -> column
    converters: dict  # column -> (converters, expression), as the compiler made them


class PreparedQuery:
    """A queryset whose SQL is made once per database connection and run again with new values.

    `build(*values)` returns a queryset of `model` for those values; `field_names`
    name, in the same order, the field of `model` that each value is compared with
    (a foreign key by its own name: "learner" for learner_id), or a field of a
    related model by its lookup path ("sessions__session_key"). Each value must
    reach the SQL as one parameter: a filter's value, not a slice or an ordering.
    The queryset may use filter, only/defer and annotate, not select_related or
    prefetch_related. Calling the PreparedQuery returns its rows as a list of model
    instances, as iterating over the queryset would.
    """

    def __init__(self, model, build, *field_names):
        self.model = model
        self.build = build
        self.field_names = field_names
        # Per connection object: each thread has its own (django.db.connections), and the
        # compiler's converters belong to it.
        self._compiled = weakref.WeakKeyDictionary()

    def __call__(self, *values):
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        compiled = self._compiled.get(connection) or self._compile(alias, connection)
        params = list(compiled.params)
        for field, position, value in zip(compiled.fields, compiled.positions, values, strict=True):
            params[position] = field.get_db_prep_value(value, connection, prepared=False)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        instances = []
        for row in rows:
            if compiled.converters:
                row = list(row)
                for column, (converters, expression) in compiled.converters.items():
                    for converter in converters:
                        row[column] = converter(row[column], expression, connection)
            instance = self.model.from_db(alias, compiled.init_names, row[compiled.model_columns])
            for name, column in compiled.annotations.items():
                setattr(instance, name, row[column])
            instances.append(instance)
        return instances

    def _compile(self, alias, connection):
        """Compile the queryset with stand-in values and find where each value goes; kept for the connection."""
        fields = [_field_at(self.model, name) for name in self.field_names]
        stand_ins = [_stand_in(field, index) for index, field in enumerate(fields)]
        queryset = self.build(*stand_ins)
        if queryset.query.select_related or queryset._prefetch_related_lookups:
            raise ImproperlyConfigured("A PreparedQuery reads one model: no select_related or prefetch_related.")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = []
        for field, stand_in in zip(fields, stand_ins, strict=True):
            prepared = field.get_db_prep_value(stand_in, connection, prepared=False)
            found = [i for i, param in enumerate(params) if param == prepared]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"The value for {field.name} must be one parameter of the query's SQL; found it {len(found)} times."
                )
            positions.append(found[0])
        selected = compiler.klass_info["select_fields"]
        model_columns = slice(selected[0], selected[-1] + 1)
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            fields=fields,
            positions=positions,
            init_names=[column[0].target.attname for column in compiler.select[model_columns]],
            model_columns=model_columns,
            annotations=dict(compiler.annotation_col_map),
            converters=compiler.get_converters([column[0] for column in compiler.select]),
        )
        self._compiled[connection] = compiled
        return compiled


def _field_at(model, path):
    """The field a lookup path names, following relations: "learner", or "sessions__session_key"."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _stand_in(field, index):
    """A value of the field's type that the query is unlikely to hold otherwise, distinct for each argument.

    A number is small enough for every integer field: the ORM leaves out a
    comparison with a number out of the column's range (it can match nothing),
    which would change the SQL. Should a stand-in equal another parameter,
    compiling fails rather than guess.
    """
    target = getattr(field, "target_field", field)
    kind = target.get_internal_type()
    if kind.endswith(("AutoField", "IntegerField")):  # every integer field: small, big, positive
        return 7_919 + index
    if kind in {"CharField", "TextField", "SlugField"}:
        return f"enok-stand-in-{index}-{uuid.uuid4().hex}"
    if kind == "UUIDField":
        return uuid.uuid4()
    if kind == "DateTimeField":
        return datetime(1901, 2, 3, 4, 5, 6, 700_000 + index, tzinfo=UTC)
    raise ImproperlyConfigured(f"PreparedQuery has no stand-in value for a {kind} ({field.name}).")
