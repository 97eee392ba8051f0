"""What benchmarks/load.py's cold mode adds to production's middleware.

Cold is what the first visitor after a publish meets: the page cache, the fragment
caches and the routing and Site caches all empty. Everything those caches hold is
keyed by the content version, so replacing the version before each request (what a
publish does) makes every request meet them empty, in every worker at once.
"""

from portal.core.caching.version import bump_version


class ColdCachesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bump_version()
        return self.get_response(request)
