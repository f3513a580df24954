import { Injectable } from '@nestjs/common';
import {
  badUserInputs,
  conflict,
  isDomainError,
  parseImageReference,
  validateReleaseVersion,
  type InputIssue,
} from '@ringmaster/domain';
import { isUniqueViolation } from '@ringmaster/persistence';
import type { Actor } from '../auth/role.model.js';
import type { CreateReleaseInput, Release } from './release.model.js';
import { ReleaseRepository } from './release.repository.js';

const COMPONENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_NOTES_LENGTH = 10_000;

/** createRelease: a new, immutable release. A version that exists already is a CONFLICT, never an update. */
@Injectable()
export class CreateRelease {
  constructor(private readonly releases: ReleaseRepository) {}

  async execute(input: CreateReleaseInput, actor: Actor): Promise<Release> {
    const issues = checkRelease(input);
    if (issues.length > 0) throw badUserInputs(issues);
    if (await this.releases.findByVersion(input.version)) {
      throw conflict(`release ${input.version} exists already; releases are immutable, create a new version`);
    }
    try {
      return await this.releases.create({
        version: input.version,
        notes: input.notes ?? null,
        createdBy: actor.name,
        components: input.components.map((c) => ({ name: c.name, image: c.image })),
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`release ${input.version} exists already; releases are immutable, create a new version`);
      }
      throw error;
    }
  }
}

/** Every problem of a release input, with its field path. */
export function checkRelease(input: CreateReleaseInput): InputIssue[] {
  const issues: InputIssue[] = [];
  collect(issues, () => validateReleaseVersion(input.version, 'version'));
  if (input.components.length === 0) issues.push({ field: 'components', message: 'a release needs a component' });
  const seen = new Set<string>();
  input.components.forEach((component, i) => {
    const field = `components[${i}]`;
    if (!COMPONENT_NAME.test(component.name)) {
      issues.push({ field: `${field}.name`, message: 'must be lowercase letters, digits and dashes (a DNS label)' });
    } else if (seen.has(component.name)) {
      issues.push({ field: `${field}.name`, message: `"${component.name}" is listed twice` });
    }
    seen.add(component.name);
    collect(issues, () => parseImageReference(component.image, `${field}.image`));
  });
  if ((input.notes?.length ?? 0) > MAX_NOTES_LENGTH) {
    issues.push({ field: 'notes', message: `at most ${MAX_NOTES_LENGTH} characters` });
  }
  return issues;
}

function collect(issues: InputIssue[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    issues.push(...error.issues);
  }
}
