-- Cluster roles and the application database of the SCIP local stack. Run as superuser; idempotent.
-- Passwords come from the environment (generated into .local/secrets.env), read with psql's \getenv:
--   SCIP_OWNER_PASSWORD, APP_USER_PASSWORD, APP_ADMIN_PASSWORD.
-- Migrations (packages/db/migrations) do every GRANT on schemas and tables; roles are never dropped.
\set ON_ERROR_STOP on
\getenv scip_owner_password SCIP_OWNER_PASSWORD
\getenv app_user_password APP_USER_PASSWORD
\getenv app_admin_password APP_ADMIN_PASSWORD

SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['scip_owner', 'app_user', 'app_admin', 'superadmin']) AS r
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec

-- Owns every table and runs migrations, over a direct connection.
ALTER ROLE scip_owner LOGIN CREATEDB CREATEROLE NOBYPASSRLS PASSWORD :'scip_owner_password';
-- What functions use, through PgBouncer: subject to row-level security, inherits nothing.
ALTER ROLE app_user LOGIN NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD :'app_user_password';
-- Operator CLI: cross-organization only where policies grant it, still audited.
ALTER ROLE app_admin LOGIN NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'app_admin_password';
-- Break-glass: cannot log in, granted to nobody by default.
ALTER ROLE superadmin NOLOGIN BYPASSRLS;

SELECT 'CREATE DATABASE scip OWNER scip_owner ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'scip')
\gexec

ALTER DATABASE scip OWNER TO scip_owner;
REVOKE ALL ON DATABASE scip FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE scip TO app_user, app_admin;

\connect scip
-- PostgreSQL 15 already keeps PUBLIC from creating in schema public; make the owner explicit.
ALTER SCHEMA public OWNER TO scip_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
