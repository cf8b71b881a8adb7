// First: on Lambda, SST-bound secrets must be in process.env before anything reads it.
import '@scip/config/lambda-bootstrap';
import { authRateLimit, installSessionTriggers } from '@scip/auth';
import { createApp } from '@scip/http';
import { handle } from 'hono/aws-lambda';
import { registerJwks } from './routes/jwks.ts';
import { registerLogin } from './routes/login.ts';
import { registerMfa } from './routes/mfa.ts';
import { registerPassword } from './routes/password.ts';
import { registerRefresh } from './routes/refresh.ts';
import { registerSession } from './routes/session.ts';
import { registerSessions } from './routes/sessions.ts';
// Revoked sessions lose their MQTT connections too.
import '@scip/realtime/revocation';

/** Authentication: login, refresh, logout, me, sessions, password, TOTP MFA, and the JWKS. */
export const app = createApp({ name: 'auth' });

installSessionTriggers();

app.use('/api/v1/auth/*', authRateLimit('/api/v1/auth'));
registerLogin(app);
registerRefresh(app);
registerSession(app);
registerSessions(app);
registerPassword(app);
registerMfa(app);
registerJwks(app);

export const handler = handle(app);
