/**
 * Imported first by every deployed function entry (`import '@scip/config/lambda-bootstrap'`): on Lambda it
 * waits for the SST-bound secrets and copies them into `process.env` before any module reads the
 * environment. Locally it does nothing.
 */
import { loadBoundSecrets } from './bound-secrets.ts';
import { SECRET_NAMES } from './secret-names.ts';

await loadBoundSecrets(SECRET_NAMES);
