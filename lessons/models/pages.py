"""The course tree: CourseIndexPage > CoursePage > ModulePage > LessonPage."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import page_frames
from core.routing import TranslationFallbackMixin
from progress import lesson_opens
from progress import services as progress

from .. import holes, outline, quiz, render_cache
from ..blocks import LessonBodyBlock
from ..quiz_blocks import QuizBlock


class Topic(models.TextChoices):
    AMERICAN_LIFE = "american-life", _("American life")
    MONEY = "money", _("Money and banking")
    JOBS = "jobs", _("Jobs and work")
    ENGLISH = "english", _("English")


class Level(models.TextChoices):
    FIRST_STEPS = "first-steps", _("First steps")
    BUILDING = "building", _("Building on")


class CourseIndexPage(TranslationFallbackMixin, Page):
    """The list of all courses in one language (/courses/), grouped by topic."""

    intro = models.TextField(
        _("introduction"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown above the list of courses."),
    )

    parent_page_types = ["core.HomePage"]
    subpage_types = ["lessons.CoursePage"]
    max_count_per_parent = 1

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = outline.courses_by_topic(self, request)
        progress.mark_course_cards(request.user, context["topics"])
        return context

    class Meta:
        verbose_name = _("course index page")
        verbose_name_plural = _("course index pages")


class CoursePage(TranslationFallbackMixin, Page):
    """One course: a topic, a summary, and modules in the order an editor set in the page tree."""

    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, help_text=_("Where the course is listed on /courses/.")
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        default=Level.FIRST_STEPS,
        help_text=_("'First steps' needs no earlier course; 'Building on' assumes one."),
    )
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("Two or three plain sentences: what a learner will be able to do.")
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A simple drawing that helps recognise the course; it is shown small."),
    )

    parent_page_types = ["lessons.CourseIndexPage"]
    subpage_types = ["lessons.ModulePage"]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("topic")]
    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("topic"), FieldPanel("level")], heading=_("Listing")),
        FieldPanel("summary"),
        FieldPanel("image"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = outline.course_outline(self, request)
        context["modules"] = modules
        context["completion"] = progress.mark_outline(request.user, modules)
        context["certificate"] = progress.certificate_for(request.user, self)
        context["lesson_count"] = sum(module.lesson_count for module in modules)
        context["minutes"] = sum(module.minutes for module in modules)
        context["crumbs"] = outline.breadcrumbs(self, request)
        return context

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")


class ModulePage(TranslationFallbackMixin, Page):
    """The unit a tutor assigns: a few lessons with shared learning goals."""

    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences about the module."))
    learning_goals = models.TextField(
        _("learning goals"),
        max_length=1200,
        blank=True,
        help_text=_("One goal per line, each finishing 'You will be able to…', e.g. 'read a lease'."),
    )

    parent_page_types = ["lessons.CoursePage"]
    subpage_types = ["lessons.LessonPage"]

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("learning_goals")]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("learning_goals")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = outline.module_lessons(self, request)
        context["lessons"] = lessons
        context["completion"] = progress.mark_lessons(request.user, lessons)
        context["minutes"] = sum(lesson.minutes for lesson in lessons)
        context["crumbs"] = outline.breadcrumbs(self, request)
        return context

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def goals(self):
        """The learning goals as a list, one per non-empty line."""
        return [line.strip(" -•\t") for line in self.learning_goals.splitlines() if line.strip(" -•\t")]


class LessonPage(TranslationFallbackMixin, Page):
    """One lesson: teaching blocks, then a quiz graded on the server."""

    intro = models.TextField(
        _("introduction"), max_length=600, help_text=_("One or two sentences: what this lesson is about and why.")
    )
    body = StreamField(
        LessonBodyBlock(),
        verbose_name=_("lesson"),
        help_text=_("The teaching: text, vocabulary, dialogues, key phrases, tips and tasks."),
    )
    quiz = StreamField(
        QuizBlock(),
        blank=True,
        verbose_name=_("quiz"),
        help_text=_("3 to 6 questions. Leave empty for a lesson the learner marks as done."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of points, in percent, a learner needs to complete the lesson."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("About how long the lesson and its quiz take."),
    )

    parent_page_types = ["lessons.ModulePage"]
    subpage_types = []

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("quiz"), FieldPanel("pass_mark"), FieldPanel("estimated_minutes")], heading=_("Quiz")
        ),
    ]

    def get_context(self, request, *args, quiz_outcome=None, quiz_form=None, quiz_recorded=None, **kwargs):
        """The page's context; the reader's own parts are holes (lessons/holes.py) that read it."""
        context = super().get_context(request, *args, **kwargs)
        context["position"], context["crumbs"] = render_cache.lesson_outline(self, request)
        context["quiz_outcome"] = quiz_outcome
        context["quiz_form"] = quiz_form
        context["quiz_recorded"] = quiz_recorded
        return context

    def serve(self, request, *args, **kwargs):
        """Show the lesson (recording the visit for learners); on POST, grade the quiz and record it.

        A signed-in reader gets the page from its shared frame with their own parts
        filled in (core/page_frames.py); visitors and previews get it rendered.
        """
        values = {}
        if request.method != "POST" or not self.quiz:
            if request.user.is_authenticated and not getattr(request, "is_preview", False):
                lesson_opens.record_lesson_opened(request.user, self, holes.lesson_state_of(request, self))
        else:
            outcome = quiz.grade_submission(self.quiz, request.POST, self.pass_mark)
            recorded = None
            if outcome.is_valid and request.user.is_authenticated:
                _attempt, recorded = progress.record_quiz_result(
                    request.user,
                    self,
                    outcome.result,
                    request.POST.get("submission_token", ""),
                    made_offline_at=request.POST.get("offline_made_at"),
                )
            # A graded result shows no form; the quiz hole builds a fresh one only if its template asks.
            form = outcome.form if not outcome.is_valid else None
            values = {"quiz_outcome": outcome, "quiz_form": form, "quiz_recorded": recorded}

        def render():
            context = self.get_context(request, *args, **values, **kwargs)
            return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)

        return page_frames.serve(request, self, render, values)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100), name="lesson_pass_mark_percent"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_minutes__gte=1, estimated_minutes__lte=120),
                name="lesson_estimated_minutes_range",
            ),
        ]
