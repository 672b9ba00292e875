"""Page weight, image renditions and no outside hosts, measured from the browser's network log.

Learners read on cheap phones with little, expensive data, so the first load of a
lesson page must stay small, its images must be WebP renditions no larger than they
are shown, and nothing may come from another host.
"""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lessons.curriculum import import_curriculum
from lessons.models import GlossaryTerm, LessonPage, ModulePage
from tests.browser.conftest import PHONE, RequestLog
from tests.lessons.sample_blocks import every_block
from tests.utils import SAMPLE_QUIZ, make_course, make_lesson, make_module

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 100 * 1024  # bytes, compressed
# What counts toward the budget: the page itself, styles, scripts, fonts and anything scripts fetch.
# Lesson images and audio (resource types "image" and "media") are left out.
COUNTED = {"document", "stylesheet", "script", "font", "fetch", "xhr"}


def first_load(browser, site_url, url, **context_options):
    """Open `url` in a fresh context (empty cache) on a phone; return (page, context, responses)."""
    context = browser.new_context(viewport=PHONE, locale="en-US", **context_options)
    page = context.new_page()
    log = RequestLog(urlsplit(site_url).netloc)
    page.on("request", log.record)
    page.request_log = log
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    return page, context, responses


def compressed_weight(responses):
    """(total bytes, rows) of the counted responses, each body gzip-compressed as production sends it."""
    rows = []
    for response in responses:
        kind = response.request.resource_type
        if kind not in COUNTED:
            continue
        body = response.body()
        rows.append((len(gzip.compress(body, compresslevel=6)), len(body), kind, response.url))
    return sum(row[0] for row in rows), rows


def weight_report(total, rows):
    lines = [f"  {size:>7,} B gzip ({raw:>7,} B raw)  {kind:<10} {url}" for size, raw, kind, url in rows]
    return f"{total:,} B ({total / 1024:.1f} KB) compressed:\n" + "\n".join(lines)


def longest_real_lesson():
    """The published English lesson of the real curriculum with the most content."""
    lessons = LessonPage.objects.live().filter(locale__language_code="en")
    return max(lessons, key=lambda lesson: len(str(lesson.body.raw_data)) + len(str(lesson.quiz.raw_data)))


def test_first_load_of_a_lesson_page_is_at_most_100_kb(browser, site_url):
    """HTML, CSS, JavaScript and fonts of a lesson's first load, gzip-compressed: at most 100 KB.

    Measured from the browser's network log, in a fresh context (nothing cached). The test
    server does not compress, so each response body is gzip-compressed here (level 6, as
    whitenoise and a gzip-enabled front server do for a browser sending
    `Accept-Encoding: gzip`) to get what production transfers. Lesson images and audio are
    left out. Two lessons are measured: the largest lesson of the real curriculum, and a
    lesson with every block kind and a quiz (placed in a real module).
    """
    import_curriculum()
    real = longest_real_lesson()
    module = ModulePage.objects.live().filter(locale__language_code="en").first()
    terms = list(GlossaryTerm.objects.all()[:5])  # the curriculum's own terms
    every = make_lesson(module, title="Every block", body=every_block(terms=terms), quiz=SAMPLE_QUIZ)

    figures = []
    for name, lesson in [("largest real lesson", real), ("every block kind", every)]:
        page, context, responses = first_load(browser, site_url, site_url + lesson.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
        total, rows = compressed_weight(responses)
        assert {row[2] for row in rows} >= {"document", "stylesheet", "script"}, weight_report(total, rows)
        context.close()
        assert page.request_log.outside() == [], "the page loaded something from another host"
        report = f"Lesson page weight, {name} ({lesson.url}): {weight_report(total, rows)}"
        print(report)
        assert total <= BUDGET, report
        figures.append(f"{name}: {total / 1024:.1f} KB")
    print("Lesson page first load (gzip): " + "; ".join(figures))


def srcset_widths(srcset):
    """{url: width} from a srcset attribute with `w` descriptors."""
    widths = {}
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().rpartition(" ")
        match = re.fullmatch(r"(\d+)w", descriptor)
        assert match, f"srcset candidate without a width: {candidate!r}"
        widths[url] = int(match.group(1))
    return widths


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_lesson_images_are_webp_renditions_no_wider_than_shown(browser, site_url, scale):
    """Each lesson image shows a WebP srcset candidate no more than one step above what the screen needs."""
    module = make_module(make_course(title="Money basics"), title="Bank accounts")
    lesson = make_lesson(module, title="Opening an account", body=every_block(), quiz=SAMPLE_QUIZ)
    page, context, _responses = first_load(browser, site_url, site_url + lesson.url, device_scale_factor=scale)
    images = page.locator("main img[srcset]")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.currentSrc && img.complete", arg=image.element_handle())
        info = image.evaluate(
            """(img) => ({src: img.currentSrc, srcset: img.getAttribute('srcset'),
                         shown: img.getBoundingClientRect().width, ratio: window.devicePixelRatio})"""
        )
        candidates = srcset_widths(info["srcset"])
        assert all(urlsplit(url).path.endswith(".webp") for url in candidates), info["srcset"]
        chosen = next((width for url, width in candidates.items() if info["src"].endswith(url)), None)
        assert chosen is not None, f"{info['src']} is not one of the srcset candidates"
        needed = info["shown"] * info["ratio"]
        widths = sorted(candidates.values())
        enough = next((width for width in widths if width >= needed), widths[-1])
        allowed = widths[min(widths.index(enough) + 1, len(widths) - 1)]
        assert chosen <= allowed, (
            f"{info['src']} is {chosen}px wide for {info['shown']:.0f}px at ×{info['ratio']} (candidates {widths})"
        )
    context.close()
    assert page.request_log.outside() == [], "the page loaded something from another host"


def test_home_lesson_and_glossary_load_nothing_from_another_host(phone_page, site_url):
    """Every request that home, a lesson (every block kind) and the glossary make goes to the test server."""
    module = make_module(make_course(title="Money basics"), title="Bank accounts")
    lesson = make_lesson(module, title="Opening an account", body=every_block(), quiz=SAMPLE_QUIZ)
    page = phone_page
    host = urlsplit(site_url).netloc
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    for url in [f"{site_url}/en/", site_url + lesson.url, f"{site_url}/en/glossary/"]:
        page.goto(url, wait_until="networkidle")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load too
        page.wait_for_load_state("networkidle")
    assert any(".webp" in url for url in urls), "the lesson image was not requested"
    assert len(urls) >= 6
    elsewhere = [url for url in urls if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != host]
    assert elsewhere == [], f"requests to another host: {elsewhere}"
