"""Queries made on every signed-in request, turned into SQL by the ORM once per process.

Django builds a queryset and compiles it to SQL again each time it runs. For the
few queries that every signed-in request makes (the session, the account, the
learner's progress on a lesson and their checklist ticks) that costs more CPU than
the query itself. Measured in process on PostgreSQL: the account with its two
subqueries 1.2 ms through the ORM and 0.26 ms prepared; the progress row 0.4 ms
and 0.22 ms. Sending the SQL and reading the row is about 0.08 ms of that.

A `PreparedQuery` asks the ORM for the SQL once per process and database, with a
stand-in value for each argument, and notes where each stand-in is among the
SQL's parameters. Each call puts the real values there, prepared for the database
by the field they are compared with (as a queryset's filter would), and runs the
SQL through `Manager.raw()`, which turns the rows into model instances with the
same converters a queryset uses. The SQL is the ORM's own, so it is the same on
SQLite and PostgreSQL as the queryset's; tests compare the two
(tests/core/test_prepared_queries.py).
"""

import uuid
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router


class PreparedQuery:
    """A queryset whose SQL is made once per database connection and run again with new values.

    `build(*values)` returns a queryset of `model` for those values; `field_names`
    name, in the same order, the field of `model` that each value is compared with
    (a foreign key by its own name: "learner" for learner_id). Each value must
    reach the SQL as one parameter: a filter's value, not a slice or an ordering.
    Calling the PreparedQuery returns the rows as a list of model instances;
    annotations become attributes, as raw() leaves them (on SQLite a boolean
    annotation is 0 or 1).
    """

    def __init__(self, model, build, *field_names):
        self.model = model
        self.build = build
        self.field_names = field_names
        self._compiled = {}

    def __call__(self, *values):
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        sql, params, fields, positions = self._compiled.get((alias, connection.vendor)) or self._compile(alias)
        params = list(params)
        for field, position, value in zip(fields, positions, values, strict=True):
            params[position] = field.get_db_prep_value(value, connection, prepared=False)
        return list(self.model._default_manager.raw(sql, params, using=alias))

    def _compile(self, alias):
        """The SQL and parameters, the fields and where each value goes among the parameters; kept."""
        connection = connections[alias]
        fields = [self.model._meta.get_field(name) for name in self.field_names]
        stand_ins = [_stand_in(field, index) for index, field in enumerate(fields)]
        sql, params = self.build(*stand_ins).query.get_compiler(using=alias).as_sql()
        positions = []
        for field, stand_in in zip(fields, stand_ins, strict=True):
            prepared = field.get_db_prep_value(stand_in, connection, prepared=False)
            found = [i for i, param in enumerate(params) if param == prepared]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"The value for {field.name} must be one parameter of the query's SQL; found it {len(found)} times."
                )
            positions.append(found[0])
        compiled = (sql, tuple(params), fields, positions)
        self._compiled[(alias, connection.vendor)] = compiled
        return compiled


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
