"""Mutations: one file per mutation or small group, each built on core.api.mutations.base.BaseMutation."""
