-- Up Migration
-- One call that hands a SECURITY DEFINER function to its NOLOGIN owner in the right order: ACL first
-- (REVOKE from PUBLIC, GRANT to the callers), then ALTER OWNER, then drop the temporary membership.
-- Done the other way round the ACL statements silently do nothing (0008).
--   CALL app.hand_over_definer('app.refresh_token_lookup(text)', 'scip_lookup', ARRAY['app_user', 'app_admin']);
CREATE PROCEDURE app.hand_over_definer(fn regprocedure, new_owner name, callers name[])
LANGUAGE plpgsql AS $$
DECLARE
  schema_name name := (SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = fn);
  caller name;
BEGIN
  IF new_owner NOT IN ('scip_lookup', 'scip_auditor') THEN
    RAISE EXCEPTION 'hand_over_definer: unexpected owner %', new_owner;
  END IF;
  IF NOT (SELECT prosecdef FROM pg_proc WHERE oid = fn) THEN
    RAISE EXCEPTION 'hand_over_definer: % is not SECURITY DEFINER', fn;
  END IF;
  EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
  FOREACH caller IN ARRAY callers LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', fn, caller);
  END LOOP;
  EXECUTE format('GRANT CREATE ON SCHEMA %I TO %I', schema_name, new_owner);
  EXECUTE format('GRANT %I TO CURRENT_USER', new_owner);
  EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, new_owner);
  EXECUTE format('REVOKE %I FROM CURRENT_USER', new_owner);
  EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', schema_name, new_owner);
END
$$;
REVOKE EXECUTE ON PROCEDURE app.hand_over_definer(regprocedure, name, name[]) FROM PUBLIC;

-- Down Migration
DROP PROCEDURE app.hand_over_definer(regprocedure, name, name[]);
