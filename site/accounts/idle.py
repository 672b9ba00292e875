"""Idle timeouts: a session ends after a period without requests, and staff sessions after 12 hours in all.

The limits (settings, README "Sessions and idle timeouts"):

| who                                   | idle                          | in all                          |
| ------------------------------------- | ----------------------------- | ------------------------------- |
| learner                               | SESSION_IDLE_TIMEOUT (2 h)    | SESSION_COOKIE_AGE (12 h)       |
| learner who chose "Keep me signed in" | SESSION_IDLE_TIMEOUT_REMEMBERED (14 days) | LEARNER_REMEMBER_AGE (30 days) |
| tutor, editor, administrator          | SESSION_IDLE_TIMEOUT_STAFF (1 h) | SESSION_MAX_AGE_STAFF (12 h) |

Django's own expiry is counted from the last time the session was saved, so it slides;
these limits are counted from the sign-in and from the last request, kept in the
session. The last request is written at most once a minute (ACTIVITY_WRITE_INTERVAL),
so most requests do not save the session. Wagtail's admin is covered too: the
middleware runs for every path.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import LEARNERS

SIGNED_IN_AT_KEY = "_enok_signed_in_at"
LAST_ACTIVITY_KEY = "_enok_last_activity"
ACTIVITY_WRITE_INTERVAL = 60


def now_seconds():
    """The current time as whole seconds since the epoch (tests move timezone.now)."""
    return int(timezone.now().timestamp())


def has_staff_role(user):
    """True for tutors, editors, moderators and administrators: anyone who is more than a learner."""
    return user.is_staff or user.is_superuser or user.groups.exclude(name=LEARNERS).exists()


def chose_to_stay_signed_in(session):
    """True if the session was given the learners' "Keep me signed in" lifetime at sign-in."""
    return not session.get_expire_at_browser_close() and session.get_expiry_age() >= settings.LEARNER_REMEMBER_AGE


def limits_for(user, session):
    """(idle limit, limit in all), in seconds, for this person and session."""
    if has_staff_role(user):
        return (
            settings.SESSION_IDLE_TIMEOUT_STAFF.total_seconds(),
            settings.SESSION_MAX_AGE_STAFF.total_seconds(),
        )
    if chose_to_stay_signed_in(session):
        return settings.SESSION_IDLE_TIMEOUT_REMEMBERED.total_seconds(), settings.LEARNER_REMEMBER_AGE
    return settings.SESSION_IDLE_TIMEOUT.total_seconds(), settings.SESSION_COOKIE_AGE


def shortest_limits():
    """The smallest idle limit and limit in all of any role: below both, nobody needs signing out."""
    return (
        min(settings.SESSION_IDLE_TIMEOUT, settings.SESSION_IDLE_TIMEOUT_STAFF).total_seconds(),
        min(settings.SESSION_MAX_AGE_STAFF.total_seconds(), settings.SESSION_COOKIE_AGE),
    )


def expired_reason(request, now):
    """Why this signed-in session must end now ("idle" or "too_long"), or None.

    Records the sign-in time on a session's first request and the last request at
    most once a minute. The role is looked up only when a limit may have been reached.
    """
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT_KEY)
    last_activity = session.get(LAST_ACTIVITY_KEY)
    if signed_in_at is None or last_activity is None:
        session[SIGNED_IN_AT_KEY] = signed_in_at if signed_in_at is not None else now
        session[LAST_ACTIVITY_KEY] = now
        return None
    idle, age = now - last_activity, now - signed_in_at
    shortest_idle, shortest_age = shortest_limits()
    if idle >= shortest_idle or age >= shortest_age:
        idle_limit, age_limit = limits_for(request.user, session)
        if idle >= idle_limit:
            return "idle"
        if age >= age_limit:
            return "too_long"
    if idle >= ACTIVITY_WRITE_INTERVAL:
        session[LAST_ACTIVITY_KEY] = now
    return None


def is_navigation(request):
    """True for a page the person opens (not a script's background request), which may be redirected."""
    return request.method in ("GET", "HEAD") and request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle too long (or, for staff, open too long) and say why.

    A page request is sent to the sign-in page, which shows the message in the current
    language and returns to the page afterwards; other requests go on as a visitor's
    (views refuse or redirect them as they do for anyone signed out).
    Must come after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = expired_reason(request, now_seconds())
            if reason is not None:
                logout(request)
                if reason == "idle":
                    messages.info(request, _("You were signed out after a period of inactivity. Please sign in again."))
                else:
                    messages.info(
                        request,
                        _("You had been signed in for a long time, so you were signed out for your safety."),
                    )
                login_url = reverse(settings.LOGIN_URL)
                if is_navigation(request) and request.path != login_url:
                    return redirect_to_login(request.get_full_path(), login_url)
        return self.get_response(request)
