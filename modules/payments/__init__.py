"""Fees of dossiers and online payment through gateways contributed by plug-ins (in each unit's schema)."""
