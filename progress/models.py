"""What learners did, kept against a lesson's translation_key.

A lesson read in Korean and in English is one lesson, and rows here never
point at pages with a foreign key: deleting, moving or retranslating a page
leaves a learner's history as it was. Summary rows (LessonProgress) are kept
apart from event rows (QuizAttempt, LearningDay), as Kolibri's logger does.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """One learner's summary for one lesson: when they opened it, how they did, whether it is complete."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress", verbose_name=_("learner")
    )
    lesson_key = models.UUIDField(_("lesson"), help_text=_("The lesson's translation key."))
    lesson_title = models.CharField(
        _("lesson title"), max_length=255, blank=True, help_text=_("The title when last opened, for history.")
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    last_opened_at = models.DateTimeField(_("last opened"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    best_percent = models.PositiveSmallIntegerField(_("best score (%)"), null=True, blank=True)
    attempt_count = models.PositiveIntegerField(_("quiz attempts"), default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson_key"], name="lesson_progress_unique"),
            models.CheckConstraint(condition=Q(best_percent__lte=100), name="lesson_progress_percent_range"),
        ]
        indexes = [models.Index(fields=["learner", "-last_opened_at"], name="progress_recent")]

    def __str__(self):
        return f"{self.learner} · {self.lesson_title or self.lesson_key}"

    @property
    def is_complete(self):
        return self.completed_at is not None


class QuizAttempt(models.Model):
    """One submitted quiz: the score and every answer, as data and as text a tutor can read.

    Answers made offline wait on the learner's phone; submitted_at is when they were made,
    received_at when they arrived, and made_offline tells a tutor which is which.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("learner")
    )
    lesson_key = models.UUIDField(_("lesson"))
    lesson_title = models.CharField(_("lesson title"), max_length=255, blank=True)
    token = models.UUIDField(_("form token"), help_text=_("The form's one-time token: a resubmission is not recorded."))
    submitted_at = models.DateTimeField(
        _("submitted"), help_text=_("When the learner answered; for answers made offline, the time on their phone.")
    )
    received_at = models.DateTimeField(
        _("received"), null=True, blank=True, help_text=_("When the server received the answers.")
    )
    made_offline = models.BooleanField(
        _("made offline"), default=False, help_text=_("Answered without a connection and sent later.")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    percent = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    answers = models.JSONField(_("answers"), help_text=_("Per question: id, kind, what was given, right or not."))
    answers_text = models.TextField(_("answers as text"), help_text=_("The answers as a tutor reads them."))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "token"], name="quiz_attempt_token_unique"),
            models.CheckConstraint(condition=Q(score__lte=F("max_score")), name="quiz_attempt_score_within_max"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="quiz_attempt_percent_range"),
        ]
        indexes = [models.Index(fields=["learner", "lesson_key", "-submitted_at"], name="attempts_by_lesson")]

    def __str__(self):
        return f"{self.learner} · {self.lesson_title or self.lesson_key} · {self.score}/{self.max_score}"


class LearningDay(models.Model):
    """A day on which a learner opened a lesson or took a quiz (for gentle 'days learned' counts)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_days", verbose_name=_("learner")
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("learning day")
        verbose_name_plural = _("learning days")
        constraints = [models.UniqueConstraint(fields=["learner", "day"], name="learning_day_unique")]

    def __str__(self):
        return f"{self.learner} · {self.day}"


def new_certificate_code():
    """A code that is hard to guess: 12 characters without look-alikes (0/O, 1/I/L)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Certificate(models.Model):
    """A learner completed every lesson of a course; anyone with the code can check it is real."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("learner")
    )
    course_key = models.UUIDField(_("course"), help_text=_("The course's translation key."))
    course_title = models.CharField(_("course title"), max_length=255, help_text=_("The title when it was issued."))
    issued_at = models.DateTimeField(_("issued"))
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["learner", "course_key"], name="certificate_once_per_course")]

    def __str__(self):
        return f"{self.course_title} · {self.code}"


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


class LearnerGroup(models.Model):
    """A tutor's group of learners (a class, a family, a resettlement cohort)."""

    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. 'Tuesday evening group'."))
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="tutored_groups", verbose_name=_("tutors"), blank=True
    )
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="learner_groups", verbose_name=_("learners"), blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("learner group")
        verbose_name_plural = _("learner groups")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Assignment(models.Model):
    """A module a tutor asked a whole group, or one learner in it, to study, with an optional due date."""

    group = models.ForeignKey(
        LearnerGroup, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("group")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("learner"),
        help_text=_("Leave empty to assign the module to the whole group."),
    )
    module_key = models.UUIDField(_("module"), help_text=_("The module's translation key."))
    module_title = models.CharField(_("module title"), max_length=255, help_text=_("The title when assigned."))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("A short word for the learner."))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "module_key"], condition=Q(learner__isnull=True), name="assignment_once_per_group"
            ),
            models.UniqueConstraint(
                fields=["group", "learner", "module_key"],
                condition=Q(learner__isnull=False),
                name="assignment_once_per_learner",
            ),
        ]

    def __str__(self):
        return f"{self.module_title} → {self.learner or self.group}"


class ReviewCard(models.Model):
    """One glossary term in one learner's review deck: its Leitner box (1–5) and the day it is next due.

    A row is created when the learner completes a lesson that teaches the term,
    or adds the term from the glossary; answering moves it between boxes
    (progress.review.schedule). Deleting a term deletes its cards.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards", verbose_name=_("learner")
    )
    term = models.ForeignKey(
        "lessons.GlossaryTerm", on_delete=models.CASCADE, related_name="review_cards", verbose_name=_("term")
    )
    box = models.PositiveSmallIntegerField(
        _("box"), default=1, help_text=_("Leitner box, 1 (new or missed) to 5 (well known).")
    )
    due_on = models.DateField(_("due on"), help_text=_("The day the card is next shown."))
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")
        constraints = [
            models.UniqueConstraint(fields=["learner", "term"], name="review_card_unique"),
            models.CheckConstraint(condition=Q(box__gte=1, box__lte=5), name="review_card_box_range"),
        ]
        indexes = [models.Index(fields=["learner", "due_on"], name="review_cards_due")]

    def __str__(self):
        return f"{self.learner} · {self.term_id} · box {self.box}"
