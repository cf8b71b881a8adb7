export * as Audit from './audit.ts';
export { mapDbError, translate } from './db-errors.ts';
export * as Events from './events.ts';
export * as Organization from './organization.ts';
export * as Settings from './settings.ts';
export * as User from './user.ts';
