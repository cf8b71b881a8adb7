/** API keys for integrations. Use as `ApiKey.create`, `ApiKey.list`, `ApiKey.rotate`, `ApiKey.revoke`. */
export { ApiKeyInfo, create, list, type NewApiKey, revoke, rotate } from './api-key/api-key.ts';
export { authenticateApiKey as authenticate } from './api-key/authenticate.ts';
