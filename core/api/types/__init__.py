"""GraphQL types of the core's data."""
