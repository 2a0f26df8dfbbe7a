"""Per-object permissions (django-guardian) kept in each unit's schema, without database constraints into public.

django-guardian's own tables carry six foreign keys to public tables (people, groups, permissions, content types).
Created in every unit, each foreign key adds triggers on the public table it references: thousands of units slow
every provisioning and make deleting a person fail. These models replace guardian's (GUARDIAN_*_OBJ_PERMS_MODEL):
the same columns, the references kept by value (db_constraint=False), their integrity kept by
tenants.services.references (cleaned after a person, group or permission is deleted, and checked by
`egov check-references`).
"""
