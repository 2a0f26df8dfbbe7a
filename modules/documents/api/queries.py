import graphene


class Query(graphene.ObjectType):
    pass
