import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Deepest selection nesting a request may have. */
export const MAX_QUERY_DEPTH = 12;
/** Most fields a request may select, counting every fragment spread where it is used. */
export const MAX_QUERY_COMPLEXITY = 2000;

interface Cost {
  depth: number;
  fields: number;
}

/**
 * A validation rule refusing operations deeper than `maxDepth` or selecting more than `maxComplexity` fields
 * (fragments expanded, cycles cut), before anything runs. The error has code BAD_USER_INPUT.
 */
export function queryLimitsRule(maxDepth = MAX_QUERY_DEPTH, maxComplexity = MAX_QUERY_COMPLEXITY) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const costs = new Map<string, Cost>();
    const measure = (set: SelectionSetNode, visiting: Set<string>): Cost => {
      let depth = 0;
      let fields = 0;
      for (const selection of set.selections) {
        let inner: Cost = { depth: 0, fields: 0 };
        if (selection.kind === Kind.FIELD) {
          inner = selection.selectionSet ? measure(selection.selectionSet, visiting) : inner;
          inner = { depth: inner.depth + 1, fields: inner.fields + 1 };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, visiting);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !visiting.has(name)) {
            // memoized: a fragment costs the same wherever it is spread, so fragment bombs stay linear
            let cost = costs.get(name);
            if (!cost) {
              cost = measure(fragment.selectionSet, new Set([...visiting, name]));
              costs.set(name, cost);
            }
            inner = cost;
          }
        }
        depth = Math.max(depth, inner.depth);
        fields += inner.fields;
      }
      return { depth, fields };
    };
    return {
      OperationDefinition(node) {
        const cost = measure(node.selectionSet, new Set());
        const fail = (message: string) =>
          context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
        if (cost.depth > maxDepth) fail(`query depth ${cost.depth} exceeds the limit of ${maxDepth}`);
        if (cost.fields > maxComplexity)
          fail(`query selects ${cost.fields} fields, over the limit of ${maxComplexity}`);
      },
    };
  };
}
