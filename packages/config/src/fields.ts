import { z } from 'zod';

/** Reusable field parsers for environment variables (all values arrive as strings). */
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const url = (protocols: readonly string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.includes(new URL(v).protocol.replace(/:$/, '')), {
      message: `must use one of: ${protocols.join(', ')}`,
    });

/** `a, b,,c` → ['a', 'b', 'c']: trimmed, empty items dropped. */
export const splitList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Comma-separated list; empty string → empty list. */
export const list = (fallback = '') => z.string().default(fallback).transform(splitList);

/** A JSON document in a variable (e.g. JWK sets). */
export const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
