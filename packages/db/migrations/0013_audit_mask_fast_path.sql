-- Up Migration
-- 0012's recursive SQL function is not inlined: every call (and every level) pays executor start-up,
-- ~8x the flat mask per row. Keep the top level a single aggregate and descend (plpgsql, plans cached)
-- only into objects/arrays whose text mentions a sensitive key at all.
CREATE FUNCTION audit.mask_nested(j jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  IF jsonb_typeof(j) = 'object' THEN
    RETURN (SELECT coalesce(jsonb_object_agg(k, CASE
      WHEN v <> 'null'::jsonb AND (k ILIKE '%\_hash' OR k ~* '(secret|password|token)') THEN '"[masked]"'::jsonb
      WHEN jsonb_typeof(v) IN ('object', 'array') THEN audit.mask_nested(v)
      ELSE v END), '{}'::jsonb) FROM jsonb_each(j) AS e(k, v));
  ELSIF jsonb_typeof(j) = 'array' THEN
    RETURN (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(x) IN ('object', 'array') THEN audit.mask_nested(x)
      ELSE x END ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(j) WITH ORDINALITY AS a(x, i));
  END IF;
  RETURN j;
END
$$;

CREATE OR REPLACE FUNCTION audit.mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, CASE
    WHEN v <> 'null'::jsonb AND (k ILIKE '%\_hash' OR k ~* '(secret|password|token)') THEN '"[masked]"'::jsonb
    WHEN jsonb_typeof(v) IN ('object', 'array') AND v::text ~* '(secret|password|token|_hash)'
      THEN audit.mask_nested(v)
    ELSE v END), '{}'::jsonb)
  FROM jsonb_each(j) AS e(k, v)
$$;

-- Down Migration
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
DROP FUNCTION audit.mask_nested(jsonb);
