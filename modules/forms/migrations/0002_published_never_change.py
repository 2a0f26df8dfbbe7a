"""A published form, a published dictionary version and a code-list version never change, in the database too: a
write that bypasses the services (a script, the shell, a raw UPDATE) is refused by these triggers."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION forms_form_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'forms: form % is %, it never changes', OLD.id, OLD.status USING ERRCODE = 'P0001';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    -- Published to retired is the one change allowed, and only the status and its time change with it.
    IF OLD.status = 'published' AND NEW.status = 'retired'
       AND (NEW.procedure_code, NEW.version_label, NEW.title_vi, NEW.title_en, NEW.artefact, NEW.artefact_hash,
            NEW.published_at, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.procedure_code, OLD.version_label, OLD.title_vi, OLD.title_en, OLD.artefact, OLD.artefact_hash,
            OLD.published_at, OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'forms: form % is %, it never changes', OLD.id, OLD.status USING ERRCODE = 'P0001';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION forms_form_part_frozen() RETURNS trigger AS $$
DECLARE
    form_status text;
BEGIN
    SELECT status INTO form_status FROM forms_formdefinition
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.form_id ELSE NEW.form_id END;
    IF form_status IS NOT NULL AND form_status <> 'draft' THEN
        RAISE EXCEPTION 'forms: the form is %, its parts never change', form_status USING ERRCODE = 'P0001';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.form_id <> NEW.form_id THEN
        SELECT status INTO form_status FROM forms_formdefinition WHERE id = OLD.form_id;
        IF form_status <> 'draft' THEN
            RAISE EXCEPTION 'forms: the form is %, its parts never change', form_status USING ERRCODE = 'P0001';
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION forms_version_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'forms: version % of the dictionary is published, it never changes', OLD.id
            USING ERRCODE = 'P0001';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION forms_codes_frozen() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.items IS DISTINCT FROM OLD.items OR NEW.number <> OLD.number
       OR NEW.code_list_id <> OLD.code_list_id OR NEW.valid_from <> OLD.valid_from THEN
        RAISE EXCEPTION 'forms: a code-list version never changes' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER forms_form_frozen BEFORE UPDATE OR DELETE ON forms_formdefinition
    FOR EACH ROW EXECUTE FUNCTION forms_form_frozen();
CREATE TRIGGER forms_section_frozen BEFORE INSERT OR UPDATE OR DELETE ON forms_formsection
    FOR EACH ROW EXECUTE FUNCTION forms_form_part_frozen();
CREATE TRIGGER forms_field_frozen BEFORE INSERT OR UPDATE OR DELETE ON forms_formfield
    FOR EACH ROW EXECUTE FUNCTION forms_form_part_frozen();
CREATE TRIGGER forms_rule_frozen BEFORE INSERT OR UPDATE OR DELETE ON forms_formrule
    FOR EACH ROW EXECUTE FUNCTION forms_form_part_frozen();
CREATE TRIGGER forms_version_frozen BEFORE UPDATE OR DELETE ON forms_fieldversion
    FOR EACH ROW EXECUTE FUNCTION forms_version_frozen();
CREATE TRIGGER forms_codes_frozen BEFORE UPDATE OR DELETE ON forms_codelistversion
    FOR EACH ROW EXECUTE FUNCTION forms_codes_frozen();
"""

REVERSE = """
DROP TRIGGER IF EXISTS forms_form_frozen ON forms_formdefinition;
DROP TRIGGER IF EXISTS forms_section_frozen ON forms_formsection;
DROP TRIGGER IF EXISTS forms_field_frozen ON forms_formfield;
DROP TRIGGER IF EXISTS forms_rule_frozen ON forms_formrule;
DROP TRIGGER IF EXISTS forms_version_frozen ON forms_fieldversion;
DROP TRIGGER IF EXISTS forms_codes_frozen ON forms_codelistversion;
DROP FUNCTION IF EXISTS forms_form_frozen(), forms_form_part_frozen(), forms_version_frozen(), forms_codes_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("forms", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
