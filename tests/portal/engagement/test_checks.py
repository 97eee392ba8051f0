from portal.engagement.checks import (
    ONLINE_COUNTER_MIDDLEWARE,
    check_online_counter_middleware,
)


def test_the_online_counter_middleware_is_asked_for(settings):
    assert check_online_counter_middleware() == []

    settings.MIDDLEWARE = [
        entry for entry in settings.MIDDLEWARE if entry != ONLINE_COUNTER_MIDDLEWARE
    ]
    [warning] = check_online_counter_middleware()

    assert warning.id == "portal.W001"
    assert ONLINE_COUNTER_MIDDLEWARE in warning.hint
