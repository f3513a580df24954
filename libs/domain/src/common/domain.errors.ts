/** The error codes a domain error maps to at the API boundary (API.md, "Errors"). */
export const DOMAIN_ERROR_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT'] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** One problem found in an input: the field at fault (a path like `rings[1].selector`) and what is wrong. */
export interface InputIssue {
  field: string;
  message: string;
}

/**
 * A refusal by the domain, carrying the code the API reports. Nothing has changed when one is thrown:
 * every domain function validates before it builds a new state.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** for BAD_USER_INPUT: the field at fault (the first one when there are several) */
    readonly field?: string,
    /** for BAD_USER_INPUT: every problem found, so a form can show them all at once */
    readonly issues: readonly InputIssue[] = field ? [{ field, message }] : [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Bad input: names the field at fault. */
export function badUserInput(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field, [{ field, message }]);
}

/** Several problems in one input, reported together; the first one names the error's field. */
export function badUserInputs(issues: readonly InputIssue[]): DomainError {
  if (issues.length === 0) throw new Error('badUserInputs needs at least one issue');
  const message = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  return new DomainError('BAD_USER_INPUT', message, issues[0].field, issues);
}

/** A named thing does not exist. */
export function notFound(what: string, name: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} "${name}" not found`);
}

/** An illegal state transition, e.g. approving a ring that is not awaiting approval. */
export function conflict(message: string): DomainError {
  return new DomainError('CONFLICT', message);
}

/** True for a DomainError (also across module copies, where instanceof may fail). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError || (error instanceof Error && error.name === 'DomainError' && 'code' in error);
}
