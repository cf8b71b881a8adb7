/** What one /ready probe reports. Extra fields (free_bytes, ...) are informative. */
export interface CheckResult {
  status: 'up' | 'down';
  latency_ms: number;
  /** Coarse reason when down: never a driver message (it may name hosts or users). */
  error?: 'timeout' | 'failed' | 'below_threshold';
  /** Informative headroom warnings (disk, memory). */
  warning?: string;
  [detail: string]: unknown;
}

export interface ReadyCheck {
  name: string;
  /** A down required check makes /ready answer 503. */
  required: boolean;
  /** Resolves with extra details when healthy; throws (or returns `down`) when not. */
  run(): Promise<Record<string, unknown> | undefined>;
  /** Called when the check timed out, to abandon the pending work (e.g. cancel a query). */
  cancel?(): void;
}

export class BelowThreshold extends Error {
  override readonly name = 'BelowThreshold';
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}
