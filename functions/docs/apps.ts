import type { App } from '@scip/http';
import { app as health } from '../health/index.ts';

/**
 * Every deployed HTTP function's app, except docs itself. The merged OpenAPI document and the local
 * server are built from this list: adding a function = adding one line here.
 */
export const functionApps: readonly App[] = [health];
