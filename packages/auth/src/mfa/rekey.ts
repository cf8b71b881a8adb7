import { useActor } from '@scip/context';
import { Audit } from '@scip/core';
import { type Sql, withTransaction } from '@scip/db';
import { AppError } from '@scip/errors';
import { type KeyRing, keyRing, type Opened, openWith, sealWith } from './secret-box.ts';

export interface RekeyResult {
  /** Rows rewritten under the current key (they were under a previous key, or named no key). */
  reencrypted: number;
  /** Rows already under the current key; left as they are. */
  already_current: number;
  /** User ids whose secret no known key opens; their rows are left untouched. */
  failed: string[];
}

export interface RekeyOptions {
  /** Rows per transaction (default 100). */
  batchSize?: number;
  /** Pool to run on; default `useSql()` (the operator CLI's app_admin pool). */
  sql?: Sql;
}

interface Row {
  id: string;
  user_id: string;
  totp_secret_encrypted: string;
}

interface Run {
  ring: KeyRing;
  size: number;
  sql: Sql | undefined;
  result: RekeyResult;
}

function tryOpen(row: Row, ring: KeyRing): Opened | null {
  try {
    return openWith(row.totp_secret_encrypted, row.user_id, ring);
  } catch {
    return null; // reported by user id; the cause would only say "no key opens it"
  }
}

/** One batch of live rows after `after` (id order), locked against concurrent logins until commit. */
async function rekeyBatch(after: string, { ring, size, sql, result }: Run): Promise<Row[]> {
  return withTransaction(
    async (tx) => {
      const rows = await tx<Row[]>`
        SELECT id, user_id, totp_secret_encrypted FROM app.user_mfa
        WHERE deleted_at IS NULL AND id > ${after} ORDER BY id LIMIT ${size} FOR UPDATE`;
      const changes: [string, string][] = [];
      for (const row of rows) {
        const opened = tryOpen(row, ring);
        if (!opened) result.failed.push(row.user_id);
        else if (!opened.legacy && opened.keyId === ring.current.id) result.already_current++;
        else changes.push([row.id, sealWith(opened.plaintext, row.user_id, ring.current)]);
      }
      if (changes.length > 0) {
        await tx`
          UPDATE app.user_mfa m SET totp_secret_encrypted = v.sealed
          FROM (VALUES ${tx(changes)}) AS v (id, sealed) WHERE m.id = v.id::uuid`;
        result.reencrypted += changes.length;
      }
      return rows;
    },
    { sql },
  );
}

/**
 * Re-encrypts every live TOTP secret of every organization under the current TOTP_ENCRYPTION_KEY, from
 * whichever known key (TOTP_ENCRYPTION_KEY_PREVIOUS) sealed it, in batches of one transaction each.
 * Idempotent: a second run finds everything `already_current`; a run cut short is simply run again.
 * Each rewritten row is recorded by the row audit (the secret column is masked there), and a summary
 * event `auth.mfa.rekeyed` lands in the platform chain. Secrets no known key opens are reported in
 * `failed` and never changed. Runs as the operator CLI does: a system actor of no organization (else
 * `permission_denied`) on the app_admin pool, whose policies span every organization.
 *
 * @example
 * const { reencrypted, already_current, failed } = await rekeyAll(); // then drop the previous keys
 */
export async function rekeyAll(options: RekeyOptions = {}): Promise<RekeyResult> {
  const actor = useActor();
  if (actor.type !== 'system' || actor.orgId !== undefined) {
    // Under one organization's RLS it would see (and report on) that organization only.
    throw new AppError(
      'permission_denied',
      'Re-encrypting TOTP secrets needs a system actor of no organization',
    );
  }
  const run: Run = {
    ring: keyRing(),
    size: options.batchSize ?? 100,
    sql: options.sql,
    result: { reencrypted: 0, already_current: 0, failed: [] },
  };
  const { result } = run;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await rekeyBatch(after, run);
    const last = rows.at(-1);
    if (!last || rows.length < run.size) break;
    after = last.id;
  }
  const details = { ...result, key_id: run.ring.current.id };
  const severity = result.failed.length > 0 ? 'warning' : 'notice';
  await withTransaction(() => Audit.record({ type: 'auth.mfa.rekeyed', severity, details }), {
    sql: options.sql,
  });
  return result;
}
