import { structureIssue } from '@ltx-jobs/core';
import { findNodeAtLocation, getLocation, getNodeValue, type Node, parseTree } from 'jsonc-parser';

/** Where in a request file the cursor is, as far as editor help needs it. Pure: no `vscode`. */
export interface RequestValueContext {
  /** `provider` of the file (`ltx`, `useapi`, ...) when it is a string. */
  provider: string | undefined;
  /** `endpoint` of the file when it is a string. */
  endpoint: string | undefined;
  /** The `request` body as far as it parses (an empty object otherwise). */
  body: Record<string, unknown>;
  /** The request field whose value the cursor is on (`model`, `duration`, ...), if any. */
  field: string | undefined;
  /** The literal value under the cursor (string, number, boolean or null), with its place in the text. */
  literal?: { offset: number; length: number; value: unknown };
}

const LITERALS = new Set(['string', 'number', 'boolean', 'null']);

function valueAtPath(root: Node | undefined, path: (string | number)[]): unknown {
  const node = root ? findNodeAtLocation(root, path) : undefined;
  return node ? getNodeValue(node) : undefined;
}

/**
 * The request-file context at `offset` in `text` (tolerant of the half-typed JSON of an edit): the
 * file's provider, endpoint and body, and the request field whose value the cursor is in or right
 * after its colon. `field` is undefined on a key or outside `request`.
 */
export function requestValueContext(text: string, offset: number): RequestValueContext {
  // A file too big or too deeply nested to parse gets no help (its one diagnostic says why).
  if (structureIssue(text)) return { provider: undefined, endpoint: undefined, body: {}, field: undefined };
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const provider = valueAtPath(root, ['provider']);
  const endpoint = valueAtPath(root, ['endpoint']);
  const rawBody = valueAtPath(root, ['request']);
  const body =
    typeof rawBody === 'object' && rawBody !== null && !Array.isArray(rawBody)
      ? (rawBody as Record<string, unknown>)
      : {};
  const location = getLocation(text, offset);
  const [top, field, ...deeper] = location.path;
  const inValue =
    !location.isAtPropertyKey && top === 'request' && typeof field === 'string' && deeper.length === 0;
  const context: RequestValueContext = {
    provider: typeof provider === 'string' ? provider : undefined,
    endpoint: typeof endpoint === 'string' ? endpoint : undefined,
    body,
    field: inValue ? field : undefined,
  };
  const node = location.previousNode;
  if (
    inValue &&
    node &&
    LITERALS.has(node.type) &&
    offset >= node.offset &&
    offset <= node.offset + node.length
  ) {
    context.literal = { offset: node.offset, length: node.length, value: node.value };
  }
  return context;
}
