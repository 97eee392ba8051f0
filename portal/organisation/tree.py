"""The bodies a chart or directory page shows: the subtrees of its top bodies,
read in one query and walked in memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from portal.core.locales import active_language, default_language, localized_bodies
from portal.core.models import PortalSettings, PublicBody

#: Siblings are listed in the editors' order, then by name.
SIBLING_ORDER = ("sort_order", "name")


@dataclass
class BodyNode:
    """A body in the chart with the units below it."""

    body: PublicBody
    children: list[BodyNode] = field(default_factory=list)
    depth: int = 0


def default_tops(site) -> list[PublicBody]:
    """The portal's own body (PortalSettings.body), or every body that belongs to
    none when the portal names no body."""
    settings = PortalSettings.for_site(site) if site is not None else None
    if settings is not None and settings.body_id:
        return [settings.body]
    return list(PublicBody.objects.filter(parent__isnull=True).order_by(*SIBLING_ORDER))


def build_tree(tops: Iterable[PublicBody]) -> list[BodyNode]:
    """The subtrees under `tops`, each body once (a body under two chosen tops is
    shown under the first), whatever loops the data may hold."""
    by_parent: dict[int | None, list[PublicBody]] = defaultdict(list)
    for body in PublicBody.objects.select_related(None).order_by(*SIBLING_ORDER):
        by_parent[body.parent_id].append(body)
    seen: set[int] = set()

    def grow(body: PublicBody, depth: int) -> BodyNode:
        seen.add(body.pk)
        node = BodyNode(body, depth=depth)
        for child in by_parent.get(body.pk, ()):
            if child.pk not in seen:
                node.children.append(grow(child, depth + 1))
        return node

    nodes = []
    for top in tops:
        if top.pk not in seen:
            nodes.append(grow(top, 0))
    return nodes


def walk(nodes: Iterable[BodyNode]) -> Iterator[BodyNode]:
    """Every node, depth first, in the chart's order."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def parent_map() -> dict[int, int | None]:
    """Each body's parent id, in one query."""
    return dict(PublicBody.objects.values_list("pk", "parent_id"))


def is_under(body_id: int, top_ids: set[int], parents: dict[int, int | None]) -> bool:
    """Whether the body is one of `top_ids` or below one of them."""
    seen: set[int] = set()
    current: int | None = body_id
    while current is not None and current not in seen:
        if current in top_ids:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def localized(nodes: list[BodyNode]) -> list[BodyNode]:
    """The tree in the active language: bodies with their texts in it, those
    without (and the units below them) left out; as it is in the default
    language."""
    if active_language() == default_language():
        return nodes
    shown = {
        body.pk: body for body in localized_bodies(node.body for node in walk(nodes))
    }
    return [_relabel(node, shown) for node in nodes if node.body.pk in shown]


def _relabel(node: BodyNode, shown: dict) -> BodyNode:
    return BodyNode(
        shown[node.body.pk],
        [_relabel(child, shown) for child in node.children if child.body.pk in shown],
        node.depth,
    )
