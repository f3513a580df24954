/** DI token of the open DatabaseHandle. */
export const DATABASE_HANDLE = Symbol('DATABASE_HANDLE');
/** DI token of the RingmasterConfig. */
export const RINGMASTER_CONFIG = Symbol('RINGMASTER_CONFIG');
