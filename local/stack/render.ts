import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The only templating of the stack: a config file written for the containers is rewritten for native
 * processes by replacing a few absolute path prefixes (e.g. `/mosquitto/` → `<checkout>/.local/mosquitto/`).
 * Every other line is byte-for-byte the file that docker-compose.local.yml mounts.
 */
export function renderConfig(source: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  let text = readFileSync(source, 'utf8');
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  return text;
}

export function writeRenderedConfig(
  source: string,
  destination: string,
  replacements: ReadonlyArray<readonly [string, string]>,
): void {
  writeFileSync(destination, renderConfig(source, replacements), { mode: 0o644 });
}
