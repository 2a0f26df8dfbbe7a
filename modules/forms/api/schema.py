"""Placeholder replaced below."""
import graphene


class Query(graphene.ObjectType):
    forms_ping = graphene.String()
