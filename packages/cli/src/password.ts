import * as Password from '@scip/auth/password';

/**
 * The password policy and hashing of @scip/auth (argon2id, m=19456, t=2, p=1): the CLI never stores a
 * password that the login endpoint would refuse to set.
 */
export async function hashAcceptedPassword(
  password: string,
  ctx: { email: string; org: string },
): Promise<string> {
  Password.validate(password, ctx);
  return Password.hash(password);
}
