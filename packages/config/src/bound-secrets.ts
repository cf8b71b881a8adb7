/**
 * On Lambda (SST v2), secrets bound with `Config.Secret` are fetched from SSM at cold start by
 * `sst/node/config`. This copies them into `process.env` so that one zod schema (`useEnv`) validates
 * local and deployed runs alike. Locally (no `SST_APP`), it does nothing.
 *
 * @example
 * await loadBoundSecrets(); // top of a function's entry module, before useEnv()
 */
export async function loadBoundSecrets(names: readonly string[]): Promise<void> {
  if (!process.env.SST_APP) return;
  const { Config } = (await import('sst/node/config')) as unknown as {
    Config: Record<string, string | undefined>;
  };
  for (const name of names) {
    const value = Config[name];
    if (value !== undefined && process.env[name] === undefined) process.env[name] = value;
  }
}
