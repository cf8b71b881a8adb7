import { dbLogger } from './logger.ts';

export interface AfterCommitOptions {
  /**
   * A required effect's failure is thrown from `withTransaction` (after the commit: the data stays
   * committed, the caller learns the side effect did not happen). Optional effects only log.
   */
  required?: boolean;
  /** Names the effect in logs. */
  name?: string;
}

export interface Effect extends AfterCommitOptions {
  run: () => unknown | Promise<unknown>;
}

/**
 * Runs queued effects in order, each awaited. A failing effect never stops the ones after it;
 * failures are logged, and the first failure of a required effect is rethrown at the end.
 */
export async function runEffects(effects: readonly Effect[]): Promise<void> {
  let requiredFailure: { error: unknown } | undefined;
  for (const effect of effects) {
    try {
      await effect.run();
    } catch (error) {
      dbLogger().error(
        { err: error, effect: effect.name, required: Boolean(effect.required) },
        'after-commit effect failed',
      );
      if (effect.required && !requiredFailure) requiredFailure = { error };
    }
  }
  if (requiredFailure) throw requiredFailure.error;
}
