import graphene


class Mutation(graphene.ObjectType):
    pass
