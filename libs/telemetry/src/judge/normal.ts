import { errorFunction } from 'simple-statistics';

/** P(Z > z) for a standard normal Z, via the library's error function (accurate to about 1e-7). */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return 1;
  return 0.5 * (1 - errorFunction(z / Math.SQRT2));
}
