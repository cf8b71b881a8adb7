import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts that the data layer records (audit) and the logger prints. */
export interface RequestInfo {
  requestId: string;
  clientIp?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestInfo>();

export function withRequest<T>(info: RequestInfo, fn: () => T): T {
  return storage.run(info, fn);
}

export function maybeRequest(): RequestInfo | undefined {
  return storage.getStore();
}
