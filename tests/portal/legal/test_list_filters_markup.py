"""The document list's filters fold on a phone behind one <details> button, which
search/js/facets.js closes; without JavaScript it stays open, so every filter is
reachable (the browser side is in tests/e2e/test_listing_filters.py)."""

import re

from tests import factories


def filters_panel(html: str) -> str:
    match = re.search(
        r'<details class="legal-filters-panel" data-fold-below="60em" open>(.*?)'
        r"</details>",
        html,
        re.S,
    )
    assert match, "no filters panel"
    return match.group(1)


def test_filters_are_inside_an_open_details_that_folds_on_phones(client, portal):
    factories.LegalDocumentPageFactory(parent=portal.legal)
    html = client.get(portal.legal.url).content.decode()
    panel = filters_panel(html)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", panel, re.S).group(1)
    assert summary.strip() == "Lọc văn bản"
    assert '<form class="legal-filters"' in panel
    assert 'name="q"' in panel and 'name="sap-xep"' in panel
    assert panel.count("<select") >= 2
    # The results come after the panel, outside it; the script that folds it loads.
    assert html.index("</details>") < html.index('class="legal-results"')
    assert "/static/search/js/facets.js" in html


def test_the_button_says_when_filters_are_applied(client, portal):
    factories.LegalDocumentPageFactory(parent=portal.legal)
    html = client.get(portal.legal.url, {"q": "quyết định"}).content.decode()
    assert "(đang lọc)" in filters_panel(html)
