"""The database engine's entries learn their sites (IndexedDocument.sites), as
facet rows named "site" holding the root page id of each site.

Entries written before are given the site their stored URL names: the Wagtail
site of its host name (and port) for an absolute URL, the default site for a
relative one (Wagtail writes relative URLs while there is only one site). The
next `search_rebuild` computes them from the page tree instead."""

from urllib.parse import urlsplit

from django.db import migrations

SITE_FACET = "site"
BATCH = 2000


def site_of_url(url, sites, default):
    parts = urlsplit(url or "")
    if not parts.hostname:
        return default
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    candidates = [site for site in sites if site[0] == parts.hostname.lower()]
    exact = [site for site in candidates if site[1] == port]
    found = (exact or candidates or [None])[0]
    return found[2] if found else default


def fill_sites(apps, schema_editor):
    IndexEntry = apps.get_model("search", "IndexEntry")
    FacetValue = apps.get_model("search", "FacetValue")
    IndexState = apps.get_model("search", "IndexState")
    Site = apps.get_model("wagtailcore", "Site")
    rows = list(
        Site.objects.order_by("-is_default_site", "pk").values_list(
            "hostname", "port", "root_page_id", "is_default_site"
        )
    )
    sites = [(host.lower(), port, root) for host, port, root, _default in rows]
    default = next((root for *_site, root, is_default in rows if is_default), None)
    if default is None and len(rows) == 1:
        default = rows[0][2]
    placed = set(
        FacetValue.objects.filter(name=SITE_FACET).values_list("entry_id", flat=True)
    )
    new = []
    for pk, url in IndexEntry.objects.values_list("pk", "url").iterator(2000):
        if pk in placed:
            continue
        root = site_of_url(url, sites, default)
        if root is not None:
            new.append(FacetValue(entry_id=pk, name=SITE_FACET, value=str(root)))
    FacetValue.objects.bulk_create(new, batch_size=BATCH)
    if new:
        # As a flush does: every process loads its columns in full again
        # (search.engines.database.columns), with the new rows.
        IndexState.objects.all().delete()


def drop_sites(apps, schema_editor):
    FacetValue = apps.get_model("search", "FacetValue")
    FacetValue.objects.filter(name=SITE_FACET).delete()
    apps.get_model("search", "IndexState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_outbox_key_index"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(fill_sites, drop_sites)]
