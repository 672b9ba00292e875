"""Models of the lessons app, one module per concern."""

from .audio import AudioClip
from .glossary import GlossaryTerm, PartOfSpeech
from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "AudioClip",
    "CourseIndexPage",
    "CoursePage",
    "GlossaryTerm",
    "LessonPage",
    "ModulePage",
    "PartOfSpeech",
]
