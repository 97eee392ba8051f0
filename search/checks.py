"""System checks: a misconfigured or unreachable search engine is reported at
start-up (search.E001, search.W001) rather than by the first visitor, and a host
project learns what docs/install.md asks of it (search.W002)."""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from search.engines import aliases, get_engine


@register(Tags.compatibility, "search")
def check_search_engines(app_configs=None, **kwargs):
    messages = []
    for alias in aliases():
        try:
            engine = get_engine(alias)
        except ImproperlyConfigured as error:
            messages.append(
                Error(
                    f"Search engine {alias!r} is misconfigured: {error}",
                    hint="Check PORTAL_SEARCH_BACKENDS.",
                    id="search.E001",
                )
            )
            continue
        if not engine.remote:
            continue
        health = engine.health()
        if not health.ok:
            messages.append(
                Warning(
                    f"Search engine {alias!r} ({engine.name}) is unreachable: "
                    f"{health.detail}",
                    hint="Public search will answer from the fallback engine; "
                    "index updates wait in the outbox until `search_sync` succeeds.",
                    id="search.W001",
                )
            )
    return messages


#: The layout every public page of the kit extends, and the blocks those pages fill
#: (docs/install.md, step 5).
BASE_TEMPLATE = "base.html"
BASE_TEMPLATE_BLOCKS = ("title", "meta", "extra_head", "content")


def template_block_names(name: str) -> set[str]:
    """The blocks a template and the templates it extends define."""
    names: set[str] = set()
    seen = set()
    while name and name not in seen:
        seen.add(name)
        template = getattr(get_template(name), "template", None)
        if template is None:  # not a Django template: nothing to read
            return set(BASE_TEMPLATE_BLOCKS)
        names.update(
            node.name for node in template.nodelist.get_nodes_by_type(BlockNode)
        )
        parents = template.nodelist.get_nodes_by_type(ExtendsNode)
        name = parents[0].parent_name.resolve(Context()) if parents else None
    return names


@register(Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    try:
        missing = [
            block
            for block in BASE_TEMPLATE_BLOCKS
            if block not in template_block_names(BASE_TEMPLATE)
        ]
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        missing, problem = list(BASE_TEMPLATE_BLOCKS), f"cannot be read ({error})"
    else:
        problem = "has no block " + ", ".join(missing)
    if not missing:
        return []
    return [
        Warning(
            f"The site's {BASE_TEMPLATE}, which the search page and the portal's pages "
            f"extend, {problem}: what those pages put there is lost.",
            hint="Add "
            + " ".join(f"{{% block {block} %}}{{% endblock %}}" for block in missing)
            + f" to {BASE_TEMPLATE} (docs/install.md, step 5).",
            id="search.W002",
        )
    ]
