/** DI token of the clock the API stamps times with (`() => Date`); tests may provide their own. */
export const API_CLOCK = Symbol('API_CLOCK');
export type ApiClock = () => Date;
