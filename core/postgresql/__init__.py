"""The PostgreSQL backend under django-tenants' (settings.ORIGINAL_BACKEND): Django's, with a schema editor that
keeps units' schemas free of index builds no query uses (core.postgresql.schema)."""
