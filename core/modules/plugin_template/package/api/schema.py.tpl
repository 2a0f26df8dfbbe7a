"""GraphQL fields joined to the unit endpoint (manifest graphql_query); MODULE_NOT_ENABLED where the unit has the
plug-in off. Resolvers stay thin: they check permissions and call the services."""

import graphene

from core.api.permissions import requires
from ${package}.services import notes


class NoteType(graphene.ObjectType):
    class Meta:
        name = "${camel}Note"

    id = graphene.ID(required=True)
    text = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)


class Query(graphene.ObjectType):
    ${name}_notes = graphene.List(graphene.NonNull(NoteType), required=True,
                                 description="Ghi chú mới nhất của đơn vị. / The unit's latest notes.")

    @staticmethod
    @requires("${package}.view_note")
    def resolve_${name}_notes(root, info):
        return notes()
