"""The one-stop module's GraphQL API on the unit endpoint; the manifest names queries.Query and mutations.Mutation."""
