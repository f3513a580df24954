import type { ConfigReference } from './pod-references.js';

/** A ConfigMap or Secret the rollback would need that is gone. */
export interface MissingReference {
  /** The component whose previous revision references it. */
  component: string;
  kind: ConfigReference['kind'];
  namespace: string;
  name: string;
}

/**
 * Whether rolling a target back is safe. `safe: false` with `missing` means rolling back would start pods that
 * cannot run (e.g. an immutable, content-hashed Secret the upgrade deleted): report ROLLBACK_UNSAFE instead.
 * `checked` lists what was verified, for evidence.
 */
export type RollbackSafety =
  { safe: true; checked: ConfigReference[] } | { safe: false; missing: MissingReference[]; checked: ConfigReference[] };
