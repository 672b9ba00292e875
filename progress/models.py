"""What learners did: kept against a lesson's translation_key, so both languages count as one lesson."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistTick(models.Model):
    """One ticked step of one checklist block in one lesson, for one learner."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_ticks", verbose_name=_("learner")
    )
    lesson_key = models.UUIDField(_("lesson"), help_text=_("The lesson's translation key."))
    block_id = models.CharField(_("checklist block"), max_length=64)
    item = models.PositiveSmallIntegerField(_("step"))
    ticked_at = models.DateTimeField(_("ticked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson_key", "block_id", "item"], name="checklist_tick_unique")
        ]

    def __str__(self):
        return f"{self.learner} {self.lesson_key} {self.block_id}#{self.item}"
