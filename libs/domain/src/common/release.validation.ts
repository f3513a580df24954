import { badUserInput } from './domain.errors.js';

const MAX_VERSION_LENGTH = 128;
const MAX_TAG_LENGTH = 128;
const MAX_REFERENCE_LENGTH = 255;

// calendar or semantic versions: 2026.47.1, 1.2.3, v2.0, 2026.47.1-rc.1, 1.0.0+build.5
const VERSION = /^v?\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Checks a release version: 1 to 4 dot-separated numbers, an optional leading `v`, an optional `-pre.release`
 * and `+build` suffix (`2026.47.1`, `1.2.3-rc.1`). Throws BAD_USER_INPUT naming `field`.
 */
export function validateReleaseVersion(version: string, field = 'version'): string {
  if (version.length > MAX_VERSION_LENGTH || !VERSION.test(version)) {
    throw badUserInput(
      field,
      `"${version}" is not a release version; use numbers separated by dots like 2026.47.1 or 1.2.3-rc.1`,
    );
  }
  return version;
}

/** An image reference taken apart. */
export interface ImageReference {
  /** registry host[:port], when the reference names one (`registry.example.com:5000`, `localhost`) */
  registry?: string;
  /** path in the registry, e.g. `cms/author` */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

// distribution/reference grammar, simplified: lowercase path components separated by ".", "_", "__" or dashes
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$/;
const TAG = /^[\w][\w.-]*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses and checks an image reference: `[registry/]repository:tag`, `[registry/]repository@sha256:<hex>` or both.
 * A tag or a digest is required: a release pins what it deploys. Throws BAD_USER_INPUT naming `field`.
 */
export function parseImageReference(reference: string, field = 'image'): ImageReference {
  const fail = (why: string) => badUserInput(field, `"${reference}" is not an image reference: ${why}`);
  if (reference.length === 0 || reference.length > MAX_REFERENCE_LENGTH) {
    throw fail(`it must have 1 to ${MAX_REFERENCE_LENGTH} characters`);
  }
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw fail('the digest must be sha256: and 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag.length > MAX_TAG_LENGTH || !TAG.test(tag)) throw fail(`the tag "${tag}" is not valid`);
  }
  if (tag === undefined && digest === undefined) throw fail('it needs a tag (:1.2.3) or a digest (@sha256:...)');
  const parts = rest.split('/');
  let registry: string | undefined;
  // as docker does: the first part is a registry when it has a dot or a port, or is localhost
  if (parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost')) {
    registry = parts.shift();
    if (!REGISTRY.test(registry!)) throw fail(`the registry "${registry}" is not a host name`);
  }
  const bad = parts.find((part) => !PATH_COMPONENT.test(part));
  if (bad !== undefined) {
    throw fail(`the repository part "${bad}" must be lowercase letters and digits separated by . _ or -`);
  }
  return { registry, repository: parts.join('/'), tag, digest };
}
