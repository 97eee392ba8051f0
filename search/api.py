"""The JSON search API: /api/v1/search/ and /api/v1/search/suggest/ (see README)."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from wagtail.models import Site

from search import service
from search.engines import get_engine
from search.forms import MAX_QUERY_LENGTH, SearchForm
from search.registry import kind_names

MAX_SUGGESTIONS = 20


def hit_json(hit: service.SearchHit) -> dict:
    return {
        "type": hit.kind,
        "title": hit.title,
        "url": hit.url,
        "number": hit.number,
        "snippet": hit.snippet,
        "date": hit.date.isoformat() if hit.date else None,
        "summary": hit.summary,
        "facets": {name: list(values) for name, values in hit.facets.items()},
        "extra": dict(hit.extra),
    }


#: As Django's json_script escapes them: a JSON reader gets the same text back.
_MARKUP_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class _TextOnlyEncoder(DjangoJSONEncoder):
    """What the API echoes back (the words searched, an unknown choice) stays text
    wherever the JSON is shown: no `<`, `>` or `&` in the bytes sent."""

    def encode(self, o):
        return super().encode(o).translate(_MARKUP_ESCAPES)


def _json(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(
        body,
        status=status,
        encoder=_TextOnlyEncoder,
        json_dumps_params={"ensure_ascii": False},
    )


def _error(message: str, errors: dict | None = None, status: int = 400):
    body: dict = {"error": message}
    if errors:
        body["errors"] = errors
    return _json(body, status=status)


@csrf_exempt
@require_safe
def search_api(request):
    form = SearchForm(
        request.GET,
        default_page_size=20,
        current_site=Site.find_for_request(request),
    )
    if not form.is_valid():
        return _error(_("Invalid search parameters."), form.error_dict())
    results = service.search(form.to_query())
    return _json(
        {
            "count": results.count,
            "page": results.query.page,
            "page_size": results.query.page_size,
            "num_pages": results.num_pages,
            "results": [hit_json(hit) for hit in results.results],
            "facets": {
                name: [
                    {"value": f.value, "label": f.label, "count": f.count}
                    for f in values
                ]
                for name, values in results.facets.items()
            },
            "engine": results.engine,
            "backend": get_engine(results.engine).name,
            "degraded": results.degraded,
            "relaxed": results.relaxed,
            "corrected": results.corrected,
        }
    )


@csrf_exempt
@require_safe
def suggest_api(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    errors = {}
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = [_("The search text is too long.")]
    if kind and kind not in kind_names():
        errors["type"] = [_("Unknown content type.")]
    try:
        limit = int(request.GET.get("limit", 8))
        if not 1 <= limit <= MAX_SUGGESTIONS:
            raise ValueError
    except ValueError:
        errors["limit"] = [_("The limit must be a number from 1 to 20.")]
        limit = 8
    if errors:
        return _error(_("Invalid search parameters."), errors)
    suggestions = service.suggest(q, kind=kind, limit=limit) if q else []
    return _json(
        {
            "q": q,
            "suggestions": [
                {"title": s.title, "url": s.url, "type": s.kind, "number": s.number}
                for s in suggestions
            ],
        }
    )
