/** A release a schedule may pick: its version and when it was created (epoch ms). */
export interface CandidateRelease {
  id: string;
  version: string;
  createdAt: number;
}

/** True when `version` matches a selector: `*` matches any run of characters, everything else literally. */
export function matchesReleaseSelector(selector: string, version: string): boolean {
  const pattern = selector
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(version);
}

/**
 * The newest release (by creation, then by version) matching the selector that has not had a train yet,
 * or undefined when there is none.
 */
export function selectRelease(
  selector: string,
  releases: readonly CandidateRelease[],
  releasesWithTrains: ReadonlySet<string>,
): CandidateRelease | undefined {
  return releases
    .filter((r) => !releasesWithTrains.has(r.id) && matchesReleaseSelector(selector, r.version))
    .sort((a, b) => b.createdAt - a.createdAt || compareVersions(b.version, a.version))[0];
}

/** Orders versions numerically where segments are numbers (`2026.10` after `2026.9`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const c = x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}
