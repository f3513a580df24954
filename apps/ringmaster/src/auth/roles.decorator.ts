import { SetMetadata } from '@nestjs/common';
import type { Role } from './role.model.js';

export const REQUIRED_ROLE = 'ringmaster:required-role';
export const PUBLIC_OPERATION = 'ringmaster:public';

/**
 * The weakest role allowed to run a query, mutation or subscription. Operations without it need VIEWER
 * (queries, subscriptions) or ADMIN (mutations): forgetting the decorator errs on the safe side.
 */
export const Roles = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** An operation anyone may call without a token (service information only). */
export const Public = () => SetMetadata(PUBLIC_OPERATION, true);
