import { type LabelSelector, parseLabelSelector, type SelectorRequirement } from './label-selector.parser.js';

/** Labels of a thing a selector is matched against. */
export type Labels = Readonly<Record<string, string>>;

function requirementMatches(r: SelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Equals':
      return has && value === r.values[0];
    // as in Kubernetes: != and notin also match things without the label
    case 'NotEquals':
      return !has || value !== r.values[0];
    case 'In':
      return has && r.values.includes(value!);
    case 'NotIn':
      return !has || !r.values.includes(value!);
  }
}

/** True when the labels satisfy every requirement of the selector (the empty selector matches everything). */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const r of selector.requirements) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** Parses once and returns a predicate; throws BAD_USER_INPUT (naming `field`) for a bad selector. */
export function compileSelector(text: string, field = 'selector'): (labels: Labels) => boolean {
  const selector = parseLabelSelector(text, field);
  return (labels) => matchesSelector(selector, labels);
}
