"""Every taxonomy snippet is administered the same way."""

import pytest
from django.apps import apps
from django.urls import reverse

from portal.core.taxonomy import Taxonomy
from portal.core.viewsets import TaxonomyViewSet

TAXONOMIES = sorted(
    (model for model in apps.get_models() if issubclass(model, Taxonomy)),
    key=lambda model: model._meta.label,
)


def test_the_portal_has_taxonomies():
    assert len(TAXONOMIES) >= 6


@pytest.mark.parametrize("model", TAXONOMIES, ids=lambda model: model._meta.label)
def test_taxonomy_admin_lists_by_name_with_slug_and_finds_by_name(admin_client, model):
    assert isinstance(model.snippet_viewset, TaxonomyViewSet)
    fields = {"name": "Mục thử nghiệm quản trị"}
    if model._meta.label == "legal.Signer":
        fields["default_position"] = ""
    model.objects.create(**fields)
    model.objects.create(name="Ấp khác hẳn")
    url = reverse(model.snippet_viewset.get_url_name("list"))
    response = admin_client.get(url, {"q": "thử nghiệm quản trị"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mục thử nghiệm quản trị" in html
    assert "muc-thu-nghiem-quan-tri" in html
    assert "Ấp khác hẳn" not in html
