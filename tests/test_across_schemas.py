"""One batched query over many units' schemas (tenants.services.across_schemas): the fleet's fingerprints, the
messaging sweeper and the reference checker all read through it."""

from django.db import connection

from tenants.services.across_schemas import across_schemas, schemas_with_table

SELECT = "SELECT '{schema}', count(*) FROM \"{schema}\".messaging_outboxmessage WHERE kind = %(kind)s"


def test_one_statement_per_batch_and_only_schemas_that_hold_the_table(unit_a, unit_b, django_assert_num_queries):
    with connection.cursor() as cur:
        cur.execute('CREATE SCHEMA "u_bare_probe"')  # a schema without the table: left out, not an error
    try:
        schemas = [unit_a.schema_name, unit_b.schema_name, "u_bare_probe", "u_no_such_schema"]
        assert schemas_with_table(schemas, "messaging_outboxmessage") == sorted([unit_a.schema_name,
                                                                                  unit_b.schema_name])
        with django_assert_num_queries(2):  # the catalogue, then one UNION ALL statement
            rows = across_schemas(schemas, SELECT, {"kind": "probe"}, table="messaging_outboxmessage")
        assert sorted(rows) == sorted([(unit_a.schema_name, 0), (unit_b.schema_name, 0)])
        with django_assert_num_queries(3):  # one schema a statement
            assert sorted(across_schemas(schemas, SELECT, {"kind": "probe"}, table="messaging_outboxmessage",
                                         per_statement=1)) == sorted(rows)
    finally:
        with connection.cursor() as cur:
            cur.execute('DROP SCHEMA "u_bare_probe"')
