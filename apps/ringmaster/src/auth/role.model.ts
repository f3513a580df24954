/** API roles, weakest first (API.md, "Auth"): each role may do everything the ones before it may. */
export const ROLES = ['VIEWER', 'RELEASE_MANAGER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** True when `actual` is at least as strong as `required`. */
export function roleAllows(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Who is calling: a named API token, or the configured bootstrap admin token. */
export interface Actor {
  /** `token:<name>` for API tokens, `admin-token` for RINGMASTER_ADMIN_TOKEN */
  name: string;
  role: Role;
  /** the ApiToken row's id; absent for the bootstrap admin token */
  tokenId?: string;
  /** the ApiToken's name; absent for the bootstrap admin token */
  tokenName?: string;
}
