"""The Redis cache backend reuses one client per connection pool."""

from portal.core.caching.redis import RedisCache


def test_one_client_per_pool_for_every_call():
    backend = RedisCache("redis://127.0.0.1:6399/0", {})
    client = backend._cache.get_client(write=True)
    # No connection is made: building a client and a pool is lazy in redis-py.
    assert backend._cache.get_client() is client
    assert backend._cache.get_client("a key", write=False) is client
    assert client.connection_pool is backend._cache._get_connection_pool(True)


def test_several_servers_keep_a_client_each():
    backend = RedisCache("redis://127.0.0.1:6399/0,redis://127.0.0.1:6398/0", {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client(write=False)  # the replica
    assert writer is not reader
    assert backend._cache.get_client(write=False) is reader
    assert reader.connection_pool.connection_kwargs["port"] == 6398
