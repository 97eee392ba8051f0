"""How a legal document's validity and relations read in Wagtail's API v2."""

from __future__ import annotations

from rest_framework import serializers

from portal.core.api_fields import PublishedPageSerializer


class StatusSerializer(serializers.Serializer):
    """The validity status today (computed, never stored): the code the filters
    use, its Vietnamese label and the schema.org LegalForceStatus."""

    code = serializers.CharField(source="status_code", read_only=True)
    label = serializers.CharField(source="status_label", read_only=True)
    legal_force = serializers.CharField(read_only=True)


class RelatedDocumentSerializer(PublishedPageSerializer):
    number = serializers.CharField(read_only=True)


class _RelationSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True)
    label = serializers.SerializerMethodField()
    number = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    partial = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)

    def get_document(self, relation):
        document = self.other_document(relation)
        if document is None or not document.live:
            return None
        return RelatedDocumentSerializer(document).data

    def other_document(self, relation):
        raise NotImplementedError


class OutgoingRelationSerializer(_RelationSerializer):
    """What the document does to another one (amends, replaces…), which is
    linked when it is published and named by its number otherwise."""

    def get_label(self, relation) -> str:
        return str(relation.get_kind_display())

    def get_number(self, relation) -> str:
        return relation.target_number

    def other_document(self, relation):
        return relation.linked_target


class IncomingRelationSerializer(_RelationSerializer):
    """What a published document does to this one, read from this side
    ("Amended or supplemented by")."""

    def get_label(self, relation) -> str:
        from .validity import REVERSE_LABELS

        return str(REVERSE_LABELS[relation.kind])

    def get_number(self, relation) -> str:
        return relation.source.number

    def other_document(self, relation):
        return relation.source
