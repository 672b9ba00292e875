"""A learner's own data: everything we store about them, to download or to delete for good.

The rule, kept in one place so that new models are covered without editing
this file: a model holds a person's data when it has a ForeignKey (or
OneToOneField) named ``learner`` to the user model. ``learner_models()`` finds
every such model among the installed apps (``django.apps.apps.get_models()``);
the export and the deletion both use it. A model that keeps learner data must
therefore call its owner field ``learner``.

What an exported row holds: every concrete field except its primary key and
the ``learner`` field. Other foreign keys are given as the text of the object
they point at (``str()``), never as an internal id, and foreign keys to the
user model (for example the tutor who made an assignment) are left out, so
the file names nobody else. UUIDs, dates and times become ISO strings; JSON
field values are kept as they are. The account part holds every field of the
user's own row except its id and the password hash, plus group and
permission names.
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone

OWNER_FIELD = "learner"
FORMAT = "enok-learn-my-data/1"

# Never exported, whatever the model: secrets, and the internal id.
_ACCOUNT_EXCLUDED = {"id", "password"}


def _is_user_model(model):
    return model._meta.concrete_model is get_user_model()._meta.concrete_model


def learner_models():
    """Every installed model with a ForeignKey named ``learner`` to the user model, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        try:
            field = model._meta.get_field(OWNER_FIELD)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and _is_user_model(field.related_model):
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def _plain(value):
    """A field value as JSON can hold it."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def _row(obj):
    """One learner-owned row as a dict of field name to value (see the module docstring)."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name == OWNER_FIELD:
            continue
        if field.is_relation:
            if _is_user_model(field.related_model):
                continue
            related = getattr(obj, field.name)
            row[field.name] = None if related is None else str(related)
        else:
            row[field.name] = _plain(field.value_from_object(obj))
    return row


def _account(user):
    account = {}
    for field in user._meta.concrete_fields:
        if field.name in _ACCOUNT_EXCLUDED or field.primary_key or field.is_relation:
            continue
        account[field.name] = _plain(field.value_from_object(user))
    account["groups"] = sorted(user.groups.values_list("name", flat=True))
    # Learner groups a tutor put this person in (names only; never the other members or tutors).
    account["learner_groups"] = sorted(user.learner_groups.values_list("name", flat=True))
    account["permissions"] = sorted(
        f"{app_label}.{codename}"
        for app_label, codename in user.user_permissions.values_list("content_type__app_label", "codename")
    )
    return account


def export_user_data(user):
    """Everything stored about `user`, as a dict ready for JSON.

    ``account`` holds the user's own row (never the password hash); ``data``
    maps each learner-owned model (``app_label.model``) to the list of the
    user's rows in it, oldest first. Models without rows are listed empty, so
    the file also says what is not stored.
    """
    data = {}
    for model in learner_models():
        rows = model._base_manager.filter(**{OWNER_FIELD: user}).order_by("pk")
        data[model._meta.label_lower] = [_row(obj) for obj in rows]
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "data": data,
    }


class DataLeftBehind(Exception):
    """Deleting a user left learner-owned rows behind; the deletion was rolled back."""


@transaction.atomic
def delete_user(user):
    """Delete `user` and every row of every learner-owned model, for good.

    The rows are deleted explicitly before the user (so a model whose
    ``learner`` field does not CASCADE is covered too), then the user row;
    Django's own CASCADE takes whatever else hangs on the account. Afterwards
    every learner-owned model is checked: if any row for the user is left,
    DataLeftBehind is raised and nothing is deleted. Returns the number of
    rows deleted per model label.
    """
    user_id = user.pk
    counts = {}
    for model in learner_models():
        _deleted, per_model = model._base_manager.filter(**{OWNER_FIELD: user}).delete()
        for label, count in per_model.items():
            counts[label] = counts.get(label, 0) + count
    _total, per_model = user.delete()
    for label, count in per_model.items():
        counts[label] = counts.get(label, 0) + count
    left = [
        model._meta.label
        for model in learner_models()
        if model._base_manager.filter(**{f"{OWNER_FIELD}_id": user_id}).exists()
    ]
    if left or get_user_model()._base_manager.filter(pk=user_id).exists():
        raise DataLeftBehind(", ".join(left) or get_user_model()._meta.label)
    return counts
