"""The Redis cache backend reuses one redis-py client per connection pool (core/redis_cache.py)."""

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from core.redis_cache import SharedClientRedisCache

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL).ping()
    except redis.exceptions.ConnectionError:  # pragma: no cover - CI and `make test` machines run Redis
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    cache = SharedClientRedisCache(URL, {"KEY_PREFIX": "enok-test-shared-client"})
    yield cache
    cache.clear()


def test_one_client_serves_every_operation(backend):
    client = backend._cache.get_client()  # noqa: SLF001
    assert backend._cache.get_client(write=True) is client  # noqa: SLF001
    assert isinstance(client, redis.Redis)
    # Django's own backend makes a new one each time.
    django_backend = RedisCache(URL, {})
    assert django_backend._cache.get_client() is not django_backend._cache.get_client()  # noqa: SLF001


def test_it_behaves_as_djangos_redis_cache(backend):
    backend.set("page", {"html": "<p>안녕하세요</p>"}, 30)
    assert backend.get("page") == {"html": "<p>안녕하세요</p>"}
    assert backend.get_many(["page", "missing"]) == {"page": {"html": "<p>안녕하세요</p>"}}
    assert backend.add("page", "other") is False
    backend.delete("page")
    assert backend.get("page") is None
