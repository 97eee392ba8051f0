"""schema.org `Legislation` for a document page, with its force and relations."""

from __future__ import annotations

from portal.core.absolute_urls import absolute_url

from .models import LegalDocumentPage, RelationKind

#: How each relation kind is said in schema.org, from the acting document's side.
SCHEMA_RELATIONS = {
    RelationKind.BASED_ON: "isBasedOn",
    RelationKind.GUIDES: "legislationApplies",
    RelationKind.AMENDS: "legislationChanges",
    RelationKind.REPLACES: "legislationChanges",
    RelationKind.REPEALS: "legislationChanges",
    RelationKind.SUSPENDS: "legislationChanges",
    RelationKind.RELATED: "citation",
}


def _reference(document: LegalDocumentPage | None, number: str) -> dict:
    reference = {"@type": "Legislation", "legislationIdentifier": number}
    if document is not None:
        reference["@id"] = absolute_url(document.eli_url, site=document)
        reference["name"] = document.title
        reference["url"] = absolute_url(document)
    return reference


def legislation_data(page: LegalDocumentPage) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": absolute_url(page.eli_url, site=page),
        "url": absolute_url(page) or absolute_url(page.short_url, site=page),
        "name": page.title,
        "inLanguage": "vi",
        "legislationIdentifier": page.number,
        "legislationDate": page.issued_date.isoformat(),
        "legislationType": page.doc_type.name,
        "legislationPassedBy": {
            "@type": "GovernmentOrganization",
            "name": page.issuing_body.name,
        },
        "legislationLegalForce": page.legal_force,
        "legislationJurisdiction": "VN",
    }
    if page.effective_date:
        data["legislationDateVersion"] = page.effective_date.isoformat()
    if page.expiry_date:
        data["expires"] = page.expiry_date.isoformat()
    if page.signer_id:
        data["legislationResponsible"] = {
            "@type": "Person",
            "name": page.signer.name,
            "jobTitle": page.signer_position,
        }
    if page.gazette_number:
        data["isPartOf"] = {
            "@type": "PublicationIssue",
            "issueNumber": page.gazette_number,
            **(
                {"datePublished": page.gazette_date.isoformat()}
                if page.gazette_date
                else {}
            ),
        }
    for relation in page.outgoing_relations:
        prop = SCHEMA_RELATIONS[RelationKind(relation.kind)]
        data.setdefault(prop, []).append(
            _reference(relation.linked_target, relation.target_number)
        )
    return data
