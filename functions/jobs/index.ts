// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { Jobs } from '@scip/kv';
// Job types register themselves on the default queue when their package's jobs module is imported.
import '@scip/realtime/jobs';
import { createJobsHandler } from './runner.ts';

/** The job runner: an EventBridge schedule (every minute, infra/jobs.ts) drains the default queue. */
export const handler = createJobsHandler(Jobs);
