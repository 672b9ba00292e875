"""Translate pages and snippets in code through wagtail-localize.

The demo loader uses this to write the Korean tree the same way an editor does
in the admin: a TranslationSource for the English object, a Translation into
Korean, one StringTranslation per segment, then save_target(). Editors can
open the result in wagtail-localize's editor and keep it in sync with its source.
"""

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


class MissingTranslations(ValueError):
    """Some source strings had no translation in the mapping given."""

    def __init__(self, instance, missing):
        self.missing = missing
        super().__init__(f"{instance!r} is missing translations for: {missing!r}")


def translate_with_localize(instance, locale, translations, *, publish=True, strict=True):
    """Translate `instance` into `locale` with wagtail-localize and return the translation.

    `translations` maps each source string to its translation. With `strict`,
    a source string without one raises MissingTranslations before anything is
    saved; without it, untranslated strings fall back to the source text.
    Overridable segments (such as the slug) keep the source value.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    segments = list(StringSegment.objects.filter(source=source).select_related("string", "context"))
    missing = [segment.string.data for segment in segments if segment.string.data not in translations]
    if missing and strict:
        raise MissingTranslations(instance, missing)

    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in segments:
        text = translations.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    # wagtail-localize publishes on transaction commit, from a page object that is
    # stale by then (it would undo tree changes made in the same transaction, such
    # as a translated child). Save a draft, then publish the fresh latest revision.
    translation.save_target(publish=False)
    target = translation.get_target_instance()
    if publish:
        target = target.specific if hasattr(target, "specific") else target
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target
