"""Who may edit the lessons app's snippets, declared in one place.

grant_editor_permissions() gives Wagtail's Editors and Moderators groups the
add, change, delete and view permissions on glossary terms and audio clips.
It is idempotent and works both at run time and inside a data migration
(pass the migration's `apps`): content types and permissions that do not
exist yet (they are normally made after migrating) are created.
"""

EDITOR_GROUPS = ("Editors", "Moderators")
SNIPPET_MODELS = ("glossaryterm", "audioclip")
ACTIONS = ("add", "change", "delete", "view")


def _verbose_name(apps, model_name):
    try:
        return str(apps.get_model("lessons", model_name)._meta.verbose_name)
    except LookupError:
        return model_name


def grant_editor_permissions(apps=None):
    """Give Editors and Moderators add/change/delete/view on GlossaryTerm and AudioClip.

    Missing groups are created. Returns {group name: [codenames newly granted]}
    (empty lists when everything was already in place).
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    permissions = []
    for model_name in SNIPPET_MODELS:
        content_type, _created = ContentType.objects.get_or_create(app_label="lessons", model=model_name)
        verbose_name = _verbose_name(apps, model_name)
        for action in ACTIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            permissions.append(permission)

    granted = {}
    for name in EDITOR_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        existing = set(group.permissions.filter(pk__in=[p.pk for p in permissions]).values_list("pk", flat=True))
        missing = [p for p in permissions if p.pk not in existing]
        group.permissions.add(*missing)
        granted[name] = sorted(p.codename for p in missing)
    return granted
