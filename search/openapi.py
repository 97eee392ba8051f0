"""The OpenAPI 3 document of the JSON search API, served at /api/v1/openapi.json.

Built from the same constants the API validates with (kinds, sorts, limits) and from
the facets the content apps registered, so that it cannot drift from what the API
accepts and answers; tests/api/ runs schemathesis against it.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.utils.translation import override
from django.views.decorators.http import require_GET

from search import api
from search.engines.base import KIND_FACET, SITE_FACET, SORTS
from search.forms import MAX_FILTER_VALUES, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from search.registry import adapters, kind_names, kinds
from search.sites import EVERY_SITE

OPENAPI_VERSION = "3.0.3"
#: What a facet filter value looks like (search.forms._SLUG); empty values are ignored.
FILTER_VALUE_PATTERN = r"^[-a-zA-Z0-9_.]{0,100}$"
#: Django form fields refuse NUL characters (ProhibitNullCharactersValidator).
NO_NUL_PATTERN = r"^[^\u0000]*$"


def _kind_parameter(description: str) -> dict[str, Any]:
    return {
        "name": "type",
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", "enum": ["", *kind_names()]},
    }


def kinds_described() -> str:
    """The registered kinds in English, with the `type` that selects each."""
    with override("en"):
        return ", ".join(f"{kind.label} (`{kind.name}`)" for kind in kinds())


def _query_parameter(description: str) -> dict[str, Any]:
    return {
        "name": "q",
        "in": "query",
        "required": False,
        "description": description,
        "schema": {
            "type": "string",
            "maxLength": MAX_QUERY_LENGTH,
            "pattern": NO_NUL_PATTERN,
        },
        "example": "ke hoach 146",
    }


def facet_filters() -> dict[str, list[tuple[str, str]]]:
    """Facet name -> [(kind, English label)] for every registered content kind."""
    filters: dict[str, list[tuple[str, str]]] = {}
    with override("en"):
        for adapter in adapters():
            for name, label in adapter.facets.items():
                filters.setdefault(name, []).append((adapter.kind.name, str(label)))
    return dict(sorted(filters.items()))


def _filter_parameters() -> list[dict[str, Any]]:
    parameters = []
    for name, uses in facet_filters().items():
        where = "; ".join(f"{label} ({kind})" for kind, label in sorted(set(uses)))
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": (
                    f"Facet filter: {where}. Slugs as listed in `facets.{name}`; "
                    "repeat the parameter to accept any of several values."
                ),
                "style": "form",
                "explode": True,
                "schema": {
                    "type": "array",
                    "maxItems": MAX_FILTER_VALUES,
                    "items": {"type": "string", "pattern": FILTER_VALUE_PATTERN},
                },
            }
        )
    return parameters


def _date_parameter(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{description} As yyyy-mm-dd or dd/mm/yyyy.",
        "schema": {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{2}/\d{2}/\d{4}$"},
            ]
        },
    }


def _integer_parameter(name: str, minimum: int, maximum: int, description: str):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": minimum, "maximum": maximum},
    }


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }


def components() -> dict[str, Any]:
    strings = {"type": "array", "items": {"type": "string"}}
    return {
        "schemas": {
            "Hit": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "type",
                    "title",
                    "url",
                    "number",
                    "snippet",
                    "date",
                    "summary",
                    "facets",
                    "extra",
                ],
                "properties": {
                    "type": {"type": "string", "enum": kind_names()},
                    "title": {"type": "string"},
                    "url": {
                        "type": "string",
                        "description": "Path of the page on this site.",
                    },
                    "number": {
                        "type": "string",
                        "description": "The number the content is known by (e.g. "
                        "a document's số ký hiệu), otherwise empty.",
                    },
                    "snippet": {
                        "type": "string",
                        "description": "HTML: escaped text with the matched words "
                        "in <mark>.",
                    },
                    "date": {
                        "type": "string",
                        "format": "date",
                        "nullable": True,
                        "description": "The date results are sorted by (e.g. an "
                        "issue or publication date).",
                    },
                    "summary": {"type": "string"},
                    "facets": {
                        "type": "object",
                        "description": "The hit's facet values (slugs) by facet.",
                        "additionalProperties": strings,
                    },
                    "extra": {
                        "type": "object",
                        "description": "Anything else the kind shows in a result "
                        "list (labels, status).",
                        "additionalProperties": True,
                    },
                },
            },
            "FacetCount": {
                "type": "object",
                "additionalProperties": False,
                "required": ["value", "label", "count"],
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                },
            },
            "SearchResults": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "count",
                    "page",
                    "page_size",
                    "num_pages",
                    "results",
                    "facets",
                    "engine",
                    "backend",
                    "degraded",
                    "relaxed",
                    "corrected",
                ],
                "properties": {
                    "count": {"type": "integer", "minimum": 0},
                    "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                    "page_size": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_PAGE_SIZE,
                    },
                    "num_pages": {"type": "integer", "minimum": 1},
                    "results": {
                        "type": "array",
                        "maxItems": MAX_PAGE_SIZE,
                        "items": {"$ref": "#/components/schemas/Hit"},
                    },
                    "facets": {
                        "type": "object",
                        "description": f"Counts per facet value; `{KIND_FACET}` "
                        "counts every kind whatever `type` is.",
                        "additionalProperties": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/FacetCount"},
                        },
                    },
                    "engine": {
                        "type": "string",
                        "description": "The engine that answered: `default`, or "
                        "`fallback` when the main engine is down.",
                    },
                    "backend": {
                        "type": "string",
                        "description": "What that engine is: `database` (the "
                        "database's own full-text search) or `elasticsearch` (an "
                        "Elasticsearch or OpenSearch cluster).",
                    },
                    "degraded": {
                        "type": "boolean",
                        "description": "True when the main engine failed and the "
                        "backup answered.",
                    },
                    "relaxed": {
                        "type": "boolean",
                        "description": "True when no document had every word and "
                        "these results have some of them.",
                    },
                    "corrected": {
                        "type": "boolean",
                        "description": "True when the words as typed found nothing "
                        "and these results have words one letter away from some "
                        "of them (a typo corrected).",
                    },
                },
            },
            "Suggestion": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "url", "type", "number"],
                "properties": {
                    "title": {"type": "string"},
                    "url": {"type": "string"},
                    "type": {"type": "string", "enum": kind_names()},
                    "number": {"type": "string"},
                },
            },
            "Suggestions": {
                "type": "object",
                "additionalProperties": False,
                "required": ["q", "suggestions"],
                "properties": {
                    "q": {"type": "string"},
                    "suggestions": {
                        "type": "array",
                        "maxItems": api.MAX_SUGGESTIONS,
                        "items": {"$ref": "#/components/schemas/Suggestion"},
                    },
                },
            },
            "Error": {
                "type": "object",
                "additionalProperties": False,
                "required": ["error"],
                "properties": {
                    "error": {"type": "string", "minLength": 1},
                    "errors": {
                        "type": "object",
                        "description": "Messages per parameter (`filters` for "
                        "the facet filters).",
                        "additionalProperties": {**strings, "minItems": 1},
                    },
                },
            },
        }
    }


def build_schema() -> dict[str, Any]:
    search_parameters = [
        _query_parameter(
            "Words or a document number, with or without Vietnamese diacritics."
        ),
        _kind_parameter("Only this kind of content (empty: every kind)."),
        *_filter_parameters(),
        _date_parameter("date_from", "Only content dated on or after this day."),
        _date_parameter("date_to", "Only content dated on or before this day."),
        {
            "name": "site",
            "in": "query",
            "required": False,
            "description": "The portals to search, each by its site id or its "
            f"hostname, or `{EVERY_SITE}` for every portal of the province. "
            "A portal named here means its own content. Without it, a member "
            "portal's hostname searches that portal and the province-wide "
            "documents it shows, and the province's searches every portal. "
            "A search of every portal "
            f"(or of portals named here) counts the `{SITE_FACET}` facet: its "
            "values are site ids, its labels the portals' names.",
            "style": "form",
            "explode": True,
            "schema": {
                "type": "array",
                "maxItems": MAX_FILTER_VALUES,
                "items": {
                    "type": "string",
                    "maxLength": 255,
                    "pattern": NO_NUL_PATTERN,
                },
            },
        },
        {
            "name": "sort",
            "in": "query",
            "required": False,
            "description": "Order of the results (empty: relevance).",
            "schema": {"type": "string", "enum": ["", *SORTS]},
        },
        _integer_parameter("page", 1, MAX_PAGE, "Page number, from 1."),
        _integer_parameter(
            "page_size", 1, MAX_PAGE_SIZE, "Results per page (default 20)."
        ),
    ]
    suggest_parameters = [
        _query_parameter("What the user has typed so far."),
        _kind_parameter("Only suggest this kind of content."),
        _integer_parameter(
            "limit", 1, api.MAX_SUGGESTIONS, "How many suggestions (default 8)."
        ),
    ]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Portal search API",
            "version": "1",
            "description": (
                f"Full-text search with facets over {kinds_described()}. "
                "Vietnamese text is matched with or without diacritics, and "
                "document numbers in any spelling (146/KH-UBND, 146 kh ubnd). "
                "Pages of the site are also available through Wagtail's API at "
                "/api/v2/."
            ),
        },
        "paths": {
            "/api/v1/search/": {
                "get": {
                    "operationId": "search",
                    "summary": "Search the portal",
                    "parameters": search_parameters,
                    "responses": {
                        "200": {
                            "description": "One page of results, with facet counts.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": "#/components/schemas/SearchResults"
                                    }
                                }
                            },
                        },
                        "400": _error_response("A parameter is not valid."),
                    },
                }
            },
            "/api/v1/search/suggest/": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Complete what the user is typing",
                    "parameters": suggest_parameters,
                    "responses": {
                        "200": {
                            "description": "Titles and numbers that complete `q` "
                            "(none when `q` is empty).",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": "#/components/schemas/Suggestions"
                                    }
                                }
                            },
                        },
                        "400": _error_response("A parameter is not valid."),
                    },
                }
            },
        },
        "components": components(),
    }


@require_GET
def openapi_schema(request):
    return JsonResponse(build_schema(), json_dumps_params={"ensure_ascii": False})
