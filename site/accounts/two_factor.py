"""Two-factor sign-in: a time-based code (TOTP) from an app, with one-time recovery codes.

Who may use it: tutors, editors, moderators and administrators (anyone who is
not only a learner); learners never see it. With
settings.REQUIRE_TWO_FACTOR_FOR_STAFF they must use it (accounts/middleware.py
sends them to set-up first).

Devices come from django-otp: one confirmed ``TOTPDevice`` per person (the app),
and one ``StaticDevice`` named "recovery" holding RECOVERY_CODE_COUNT codes
that each work once. A person "has two-factor sign-in" when they have a
confirmed TOTP device.

Signing in is two steps (accounts/two_factor_views.py): after a correct
password the session only holds a *pending* sign-in (the user's id, which
backend checked the password, how long the session may last, where to go
next, and when it started); nobody is signed in until the code is right.
"""

import time
from base64 import b32encode

import qrcode
from django.conf import settings
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import LEARNERS

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
PENDING_SESSION_KEY = "enok_two_factor_pending"


def may_use_two_factor(user):
    """True for a signed-in tutor, editor, moderator, staff member or administrator; never for a plain learner."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.groups.exclude(name=LEARNERS).exists() or user.has_perm("wagtailadmin.access_admin")


def has_two_factor(user):
    """True when the user has a confirmed authenticator app (so a code is needed to sign in)."""
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def had_two_factor_when_loaded(user):
    """has_two_factor as of when the request's user was loaded (accounts.backends.AccountBackend), without a query.

    For checks at the start of a request; a view that has just added or removed a device asks has_two_factor.
    """
    loaded = getattr(user, "enok_has_two_factor", None)
    return loaded if loaded is not None else has_two_factor(user)


def unconfirmed_device(user, create=False):
    """The authenticator device being set up (not yet confirmed), made on first need.

    Keeping it between page loads means the secret does not change when the
    set-up page is reloaded.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def secret_text(device):
    """The device's secret in base32, in groups of 4 characters, for typing into an app."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(text, label):
    """An inline SVG QR code for `text` (no style attributes, no script, so the strict CSP allows it).

    Each row of dark modules becomes horizontal runs in one path; the quiet
    zone is 4 modules wide, as the QR specification asks.
    """
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    return format_html(
        '<svg class="qr-code" role="img" aria-label="{}" width="240" height="240" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" '
        'shape-rendering="crispEdges"><rect width="{}" height="{}" fill="#fff"/><path fill="#000" d="{}"/></svg>',
        label,
        size,
        size,
        size,
        size,
        mark_safe("".join(runs)),  # noqa: S308 - built above from numbers only
    )


@transaction.atomic
def make_recovery_codes(user):
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones and return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_device(device):
    """Mark a device as confirmed, remove any other app the user had, and return new recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return make_recovery_codes(device.user)


@transaction.atomic
def turn_off(user):
    """Remove every two-factor device of the user: app and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def clean_code(code):
    """A typed code without spaces or dashes, lower-cased (recovery codes are letters and digits)."""
    return "".join(code.split()).replace("-", "").lower()


def verify_code(user, code):
    """The confirmed device (app or recovery codes) that accepts `code`, or None.

    A recovery code is used up when it is accepted. django-otp also slows down
    repeated failures on each device, and refuses a TOTP code used before.
    """
    code = clean_code(code)
    if not code:
        return None
    with transaction.atomic():
        devices = []
        if code.isdigit():
            devices += TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        devices += StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            if device.verify_token(code):
                return device
    return None


def start_pending(request, user, expiry, next_url):
    """Remember a correct password while the code is asked for; nobody is signed in yet."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "expiry": expiry,
        "next": next_url,
        "started": time.time(),
    }


def get_pending(request):
    """The pending sign-in, or None if there is none or it is older than TWO_FACTOR_PENDING_MINUTES."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return None
    if time.time() - pending.get("started", 0) > settings.TWO_FACTOR_PENDING_MINUTES * 60:
        clear_pending(request)
        return None
    return pending


def clear_pending(request):
    """Forget the pending sign-in."""
    request.session.pop(PENDING_SESSION_KEY, None)
