"""The signatures mutations of the unit endpoint: one file per mutation."""

import graphene

from modules.signatures.api.mutations.receive import ReceiveSignedPdf
from modules.signatures.api.mutations.sign import SignPdf


class Mutation(graphene.ObjectType):
    signatures_sign_pdf = SignPdf.Field()
    signatures_receive_pdf = ReceiveSignedPdf.Field()
