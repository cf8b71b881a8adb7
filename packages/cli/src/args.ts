import { AppError } from '@scip/errors';

export interface ParsedArgs {
  /** Positional words, e.g. ['user', 'create']. */
  words: string[];
  flags: Map<string, string>;
}

/** `org create --name "Acme" --slug=acme` → words [org, create], flags {name, slug}. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 2) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new AppError('validation_failed', `--${arg.slice(2)} needs a value`);
    }
    flags.set(arg.slice(2), value);
    i++;
  }
  return { words, flags };
}

/** The value of a required flag; a missing one is a validation error naming it. */
export function required(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (value === undefined || value === '') throw new AppError('validation_failed', `--${name} is required`);
  return value;
}

/** Rejects flags the command does not know (typos must not be silently ignored). */
export function only(args: ParsedArgs, allowed: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name)) throw new AppError('validation_failed', `unknown option --${name}`);
  }
}

/** An optional whole-number flag within [min, max]; anything else is a validation error naming it. */
export function optionalInteger(
  args: ParsedArgs,
  name: string,
  bounds: { min: number; max: number },
): number | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < bounds.min || value > bounds.max) {
    throw new AppError(
      'validation_failed',
      `--${name} must be a whole number from ${bounds.min} to ${bounds.max}`,
    );
  }
  return value;
}
