"""The one-stop mutations of the unit endpoint: one file per mutation or small group."""

import graphene

from modules.onestop.api.digitisation import DigitiseResult
from modules.onestop.api.mutations.actions import PerformDossierAction
from modules.onestop.api.mutations.intake import ReceiveDossier, SubmitDossierOnline
from modules.onestop.api.mutations.looked_up_data import RejectLookedUpData
from modules.onestop.api.mutations.transfers import TransferDossier
from modules.onestop.api.reorganisation import AssignReorganisedDossier


class Mutation(graphene.ObjectType):
    onestop_receive_dossier = ReceiveDossier.Field()
    onestop_submit_dossier_online = SubmitDossierOnline.Field()
    onestop_perform_dossier_action = PerformDossierAction.Field()
    onestop_transfer_dossier = TransferDossier.Field()
    onestop_assign_reorganised_dossier = AssignReorganisedDossier.Field()
    onestop_digitise_result = DigitiseResult.Field()
    onestop_reject_looked_up_data = RejectLookedUpData.Field()
