import { rekeyAll } from '@scip/auth/mfa/rekey';
import { only, optionalInteger, type ParsedArgs } from '../args.ts';
import { asOperator } from '../context.ts';

const BATCH_SIZE = { min: 1, max: 1000 };

/**
 * `mfa rekey [--batch-size N]` → { reencrypted, already_current, failed: [user ids] }: every live TOTP secret
 * of every organization re-encrypted under TOTP_ENCRYPTION_KEY from whichever key of
 * TOTP_ENCRYPTION_KEY_PREVIOUS sealed it. Exit code 1 when any secret opens with no known key (those rows
 * are left untouched: find the key, add it to TOTP_ENCRYPTION_KEY_PREVIOUS and run it again).
 */
export async function rekey(args: ParsedArgs): Promise<{ result: object; exitCode: number }> {
  only(args, ['batch-size']);
  const batchSize = optionalInteger(args, 'batch-size', BATCH_SIZE);
  const result = await asOperator(() => rekeyAll({ batchSize }));
  return { result, exitCode: result.failed.length > 0 ? 1 : 0 };
}
