import type { App } from '@scip/http';
import { app as apiKeys } from '../api-keys/index.ts';
import { app as auth } from '../auth/index.ts';
import { app as health } from '../health/index.ts';
import { app as realtime } from '../realtime/index.ts';

/**
 * Every deployed HTTP function's app, except docs itself. The merged OpenAPI document and the local
 * server are built from this list: adding a function = adding one line here. (functions/jobs and
 * functions/mqtt-authorizer are not HTTP apps: a schedule and an IoT Core authorizer.)
 */
export const functionApps: readonly App[] = [health, auth, apiKeys, realtime];
