"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient makes a new ``redis.Redis`` object for every cache
operation (get_client). Building one costs about as much as the round trip to
Redis itself, and a signed-in lesson page makes half a dozen cache reads. A
``redis.Redis`` object only borrows connections from its pool for each command,
so one per pool can be shared by every thread of the process; this backend keeps
it. Everything else (servers, pools, serializer, options) is Django's.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    """RedisCacheClient whose get_client returns the same redis.Redis for the same pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class SharedClientRedisCache(RedisCache):
    """settings.CACHES backend: Django's RedisCache with SharedClientRedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
