"""The database broker keeps consumed messages as invisible rows; an hourly task removes old ones."""


def test_consumed_messages_of_the_database_broker_are_purged(db, settings):
    from django.db import connection as conn

    from core.tasks import purge_consumed_broker_messages

    settings.CELERY_BROKER_URL = "sqla+postgresql+psycopg2://example/egov"
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS public.kombu_message (id serial PRIMARY KEY, visible boolean, "
                    "timestamp timestamp, payload text, version smallint)")
        # kombu's own table has no default for id: give ids far from those it hands out
        cur.execute("INSERT INTO public.kombu_message (id, visible, timestamp, payload, version) VALUES "
                    "(-1, false, now() - interval '2 days', 'old', 1), (-2, false, now(), 'in flight', 1), "
                    "(-3, true, now() - interval '2 days', 'waiting', 1)")
    assert purge_consumed_broker_messages() == 1
    with conn.cursor() as cur:
        cur.execute("SELECT payload FROM public.kombu_message WHERE payload IN ('old', 'in flight', 'waiting') "
                    "ORDER BY payload")
        assert [r[0] for r in cur.fetchall()] == ["in flight", "waiting"]
