import type { Node } from 'jsonc-parser';
import type { RequestFileIssue } from '../errors/request-file-error.js';
import { formatBytes } from '../format/bytes.js';
import { formatJsonPath, showValue } from './issues.js';
import { lineColumnAt } from './locate.js';

// Limits that keep a hostile or broken request file from costing more than a clear error: size,
// nesting, number of values, and property names that JavaScript would read as something else.

/** Largest request file read, in bytes (32 MiB: room for inline `data:` media, which LTX caps at 15 MB). */
export const MAX_REQUEST_FILE_BYTES = 32 * 1024 * 1024;
/** Deepest nesting of objects and arrays a request file may have (a real one needs 3 or 4). */
export const MAX_REQUEST_NESTING = 64;
/** Most values (objects, arrays, strings, numbers...) a request file may hold (a real one: a few dozen). */
export const MAX_REQUEST_VALUES = 100_000;
/** Property names refused anywhere in a request file: JavaScript reads them as prototypes, not data. */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function at(text: string, offset: number, message: string, code: string): RequestFileIssue {
  return { path: '$', segments: [], message, code, ...lineColumnAt(text, offset), offset, length: 1 };
}

/** The size limit, in words, for a file of `bytes` bytes. */
export function tooLargeMessage(bytes: number): string {
  return `the file is ${formatBytes(bytes)}; request files are at most ${formatBytes(MAX_REQUEST_FILE_BYTES)} (name large media as a local file next to it instead of inlining it as a data: URI; it is uploaded on submit)`;
}

/**
 * One pass over `text` before it is parsed (strings skipped): an issue when it is over the size
 * limit, nests objects and arrays deeper than {@link MAX_REQUEST_NESTING} (located where it goes
 * too deep), or holds more than {@link MAX_REQUEST_VALUES} values. Parsing such a text would exhaust
 * the stack or the memory; refusing it costs one linear scan.
 */
export function structureIssue(text: string): RequestFileIssue | undefined {
  if (text.length > MAX_REQUEST_FILE_BYTES) return at(text, 0, tooLargeMessage(text.length), 'too-large');
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      values++;
    } else if (c === 123 || c === 91) {
      depth++;
      values++;
      if (depth > MAX_REQUEST_NESTING) {
        return at(
          text,
          i,
          `objects and arrays are nested more than ${MAX_REQUEST_NESTING} levels deep here; a request file needs a few`,
          'too-deep',
        );
      }
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
    else if (c === 44) values++;
    if (values > MAX_REQUEST_VALUES) {
      return at(
        text,
        i,
        `the file holds more than ${MAX_REQUEST_VALUES} values; a request file needs a few dozen`,
        'too-many-values',
      );
    }
  }
  return undefined;
}

/**
 * One issue per property named `__proto__`, `constructor` or `prototype`, at its key: JavaScript would
 * read such a key as the object's prototype (a `__proto__` holding `provider` once passed for one).
 */
export function reservedKeyIssues(text: string, root: Node | undefined): RequestFileIssue[] {
  const issues: RequestFileIssue[] = [];
  const visit = (node: Node, segments: (string | number)[]) => {
    if (node.type === 'array') {
      for (const [i, child] of (node.children ?? []).entries()) visit(child, [...segments, i]);
    }
    if (node.type !== 'object') return;
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || typeof key.value !== 'string') continue;
      const path = [...segments, key.value];
      if (RESERVED_KEYS.includes(key.value)) {
        issues.push({
          path: formatJsonPath(path),
          segments: path,
          message: `property name ${showValue(key.value)} is not allowed in a request file`,
          code: 'reserved-key',
          fix: { kind: 'remove', title: `Remove "${key.value}"` },
          ...lineColumnAt(text, key.offset),
          offset: key.offset,
          length: key.length,
        });
      } else if (value) visit(value, path);
    }
  };
  if (root) visit(root, []);
  return issues;
}

/**
 * The JSON value of a parse tree with every property an own, plain data property (never a prototype,
 * whatever its name); the last of repeated keys wins, as in JSON.parse. Depth is bounded by
 * {@link structureIssue} before this runs.
 */
export function treeValue(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(treeValue);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || typeof key.value !== 'string' || !value) continue;
    Object.defineProperty(object, key.value, {
      value: treeValue(value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}
