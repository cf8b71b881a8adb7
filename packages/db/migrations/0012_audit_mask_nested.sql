-- Up Migration
-- Secrets nested inside JSON values (a setting {"smtp": {"password": ...}}, event details
-- {"client": {"refreshToken": ...}}) were stored in clear: mask at every depth, keys matched
-- case-insensitively. Only objects and arrays recurse, so flat rows cost what they did.
CREATE OR REPLACE FUNCTION audit.mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(j)
    WHEN 'object' THEN (
      SELECT coalesce(jsonb_object_agg(k, CASE
        WHEN v <> 'null'::jsonb AND (k ILIKE '%\_hash' OR k ~* '(secret|password|token)') THEN '"[masked]"'::jsonb
        WHEN jsonb_typeof(v) IN ('object', 'array') THEN audit.mask(v)
        ELSE v END), '{}'::jsonb)
      FROM jsonb_each(j) AS e(k, v))
    WHEN 'array' THEN (
      SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x) IN ('object', 'array') THEN audit.mask(x) ELSE x END
        ORDER BY i), '[]'::jsonb)
      FROM jsonb_array_elements(j) WITH ORDINALITY AS a(x, i))
    ELSE j
  END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION audit.mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, CASE
    WHEN v <> 'null'::jsonb AND (k LIKE '%\_hash' OR k ~ '(secret|password|token)') THEN '"[masked]"'::jsonb
    ELSE v END), '{}'::jsonb)
  FROM jsonb_each(j) AS e(k, v)
$$;
