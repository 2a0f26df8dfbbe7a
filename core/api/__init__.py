"""The GraphQL API: a platform endpoint (ICT department) and a unit endpoint, each assembled from core and modules."""
