import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The swagger-ui-dist files the page needs; nothing else of the directory is served. */
export const ASSET_TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

/**
 * Where swagger-ui-dist lives: in node_modules when running from the repository, else a
 * `swagger-ui-dist/` directory next to the deployed bundle (the Lambda build copies it there;
 * there is no CDN: the reference must work with no outside network).
 */
export function swaggerUiDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    const beside = join(process.cwd(), 'swagger-ui-dist');
    if (existsSync(beside)) return beside;
    throw new Error('swagger-ui-dist not found: install it or copy it next to the bundle');
  }
}

const cache = new Map<string, Buffer>();

/** An asset's bytes (read once), or undefined for anything not on the list. */
export function readAsset(name: string): Buffer | undefined {
  if (!Object.hasOwn(ASSET_TYPES, name)) return undefined;
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = readFileSync(join(swaggerUiDir(), name));
    cache.set(name, bytes);
  }
  return bytes;
}
