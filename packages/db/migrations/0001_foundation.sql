-- Up Migration
-- Schemas, roles and the small SQL helpers every table uses.
-- Runs as the migration owner (it owns every table). The app roles are normally created by the
-- cluster bootstrap with LOGIN and passwords; in a fresh production cluster they are created here
-- NOLOGIN so GRANTs work, and the operator adds LOGIN/passwords. Roles are never dropped.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_user') THEN
    CREATE ROLE app_user NOLOGIN NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app_admin') THEN
    CREATE ROLE app_admin NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'superadmin') THEN
    -- BYPASSRLS needs a superuser; the bootstrap grants it. Here only the name is reserved.
    CREATE ROLE superadmin NOLOGIN;
  END IF;
  -- Owners of the SECURITY DEFINER functions. NOLOGIN and granted to nobody: the only way to act as
  -- them is through the narrow functions they own, and RLS policies name them explicitly.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scip_auditor') THEN
    CREATE ROLE scip_auditor NOLOGIN NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'scip_lookup') THEN
    CREATE ROLE scip_lookup NOLOGIN NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;

CREATE SCHEMA app;
CREATE SCHEMA audit;
REVOKE ALL ON SCHEMA app, audit FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO app_user, app_admin, scip_lookup, scip_auditor;
GRANT USAGE ON SCHEMA audit TO app_user, app_admin, scip_auditor;

-- Time-ordered UUID (RFC 9562 version 7): 48-bit Unix milliseconds, then random bits of a v4 UUID
-- with the version nibble turned from 4 (0100) into 7 (0111).
CREATE FUNCTION app.uuid_generate_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
        FROM 1 FOR 6),
    52, 1), 53, 1),
  'hex')::uuid
$$;

-- The request context, set by withTransaction with set_config(..., true). Empty means "none".
CREATE FUNCTION app.current_org_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.org_id', true), '')::uuid
$$;

CREATE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT nullif(current_setting('app.user_id', true), '')::uuid
$$;

-- BEFORE INSERT OR UPDATE: audit fields come from the context, never from the statement.
CREATE FUNCTION app.touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := now();
    NEW.created_by := app.current_user_id();
  ELSE
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
  END IF;
  NEW.updated_at := now();
  NEW.updated_by := app.current_user_id();
  RETURN NEW;
END
$$;

-- BEFORE INSERT OR UPDATE on versioned tables: optimistic locking counter, never from input.
CREATE FUNCTION app.bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE OLD.version + 1 END;
  RETURN NEW;
END
$$;

REVOKE EXECUTE ON FUNCTION app.touch(), app.bump_version() FROM PUBLIC;

-- Down Migration
DROP FUNCTION app.bump_version();
DROP FUNCTION app.touch();
DROP FUNCTION app.current_user_id();
DROP FUNCTION app.current_org_id();
DROP FUNCTION app.uuid_generate_v7();
DROP SCHEMA audit;
DROP SCHEMA app;
