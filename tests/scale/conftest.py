import pytest


@pytest.fixture(scope="module")
def redis_url():
    """The machine's Redis (scripts/ensure_services.sh starts or installs it), or a visible skip."""
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=3).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis not reachable on 127.0.0.1:6379 (scripts/ensure_services.sh could not start it): {error}")
    return "redis://127.0.0.1:6379/2"
