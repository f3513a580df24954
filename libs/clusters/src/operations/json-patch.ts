/** RFC 6902 JSON patch operations as Ringmaster sends them, and RFC 6901 pointers to build their paths. */
export type JsonPatchOperation =
  | { op: 'test'; path: string; value: unknown }
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown };

/** A JSON pointer to the member at `segments` ("~" and "/" escaped, so annotation keys can be addressed). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
