"""Each settings module loads; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-for-tests",
    "DJANGO_ALLOWED_HOSTS": "learn.example.org",
}


def manage(*args, settings, extra_env=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = settings
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("settings", ["config.settings.dev", "config.settings.test"])
def test_settings_load_and_pass_checks(settings):
    result = manage("check", settings=settings)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_load_with_their_environment():
    result = manage("check", settings="config.settings.production", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", settings="config.settings.production", extra_env=env, drop=(missing,))
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_deploy_check_reports_no_issues():
    """The README's environment passes `check --deploy --fail-level WARNING`."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", settings="config.settings.production", extra_env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_serves_static_files_with_hashed_compressed_names():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        settings="config.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_database_url_chooses_the_database():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])",
        settings="config.settings.dev",
        extra_env={"DATABASE_URL": "postgres://someone@db.invalid:5432/enokdb"},
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "enokdb"]


@pytest.mark.parametrize(
    ("url", "switch", "expected"),
    [
        ("postgres://someone@db.invalid:5432/enokdb", None, "True 5"),
        ("postgres://someone@db.invalid:5432/enokdb", "false", "None None"),
        ("sqlite:///db.invalid.sqlite3", None, "None None"),
    ],
)
def test_postgresql_uses_prepared_statements_unless_turned_off(url, switch, expected):
    """Server-side binding with psycopg's prepared statements; DATABASE_PREPARED_STATEMENTS=false for poolers."""
    env = {"DATABASE_URL": url, **({"DATABASE_PREPARED_STATEMENTS": switch} if switch else {})}
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {}); "
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))",
        settings="config.settings.dev",
        extra_env=env,
        drop=("DATABASE_PREPARED_STATEMENTS",),
    )
    assert result.stdout.strip() == expected, result.stderr


def test_sqlite_waits_for_the_write_lock_instead_of_failing(tmp_path):
    """Write-ahead logging and IMMEDIATE transactions: concurrent requests queue for the lock ("database is locked")."""
    script = (
        "from django.conf import settings; from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0], settings.DATABASES['default']['OPTIONS']['transaction_mode'])"
    )
    sqlite = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        settings="config.settings.dev",
        extra_env={"DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}"},
    )
    assert sqlite.stdout.split() == ["wal", "IMMEDIATE"], sqlite.stderr
    postgres = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {})))",
        settings="config.settings.dev",
        extra_env={"DATABASE_URL": "postgres://someone@db.invalid:5432/enokdb"},
    )
    assert "transaction_mode" not in postgres.stdout and postgres.returncode == 0, postgres.stderr


def test_redis_url_puts_cache_and_sessions_in_redis():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)",
        settings="config.settings.dev",
        extra_env={"REDIS_URL": "redis://127.0.0.1:6379/1"},
    )
    assert result.stdout.split() == [
        "core.redis_cache.SharedClientRedisCache",
        "accounts.sessions.cached_db",
    ]


def test_without_redis_each_process_keeps_room_for_every_readers_cached_parts():
    """Django's default of 300 entries let 50 signed-in learners push the shared frames and routes out."""
    command = "from django.conf import settings; print(settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        command,
        settings="config.settings.production",
        extra_env=PRODUCTION_ENV,
        drop=("REDIS_URL",),
    )
    assert result.stdout.split() == ["5000"], result.stderr


def test_wsgi_application_loads_under_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy; m = runpy.run_path('site/config/wsgi.py'); print(callable(m['application']))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "True", result.stderr
