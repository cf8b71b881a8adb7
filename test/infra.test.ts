import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const infraSources = readdirSync(join(root, 'infra'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'infra', f), 'utf8'))
  .join('\n');

/** Every `functions/<name>/<file>.handler` string the SST stacks deploy. */
const handlerRefs = [
  ...new Set([...infraSources.matchAll(/'(functions\/[\w-]+\/[\w-]+)\.handler'/g)].map((m) => m[1])),
];

describe('SST stacks', () => {
  it('reference at least one handler of every deployed function', () => {
    const functionDirs = readdirSync(join(root, 'functions'));
    const deployed = new Set(handlerRefs.map((ref) => ref?.split('/')[1]));
    expect(handlerRefs.length).toBeGreaterThan(5);
    for (const dir of functionDirs)
      expect(deployed, `functions/${dir} is not deployed by infra/`).toContain(dir);
  });

  it.each(handlerRefs)('%s exports a handler function', async (ref) => {
    const mod = (await import(join(root, `${ref}.ts`))) as { handler?: unknown };
    expect(typeof mod.handler).toBe('function');
  });
});
