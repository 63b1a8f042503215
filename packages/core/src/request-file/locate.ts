import { findNodeAtLocation, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { RequestFileIssue } from '../errors/request-file-error.js';
import { formatJsonPath, showValue } from './issues.js';

/** 1-based line and column of a 0-based `offset` in `text` (`\n` and `\r\n` line ends). */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file after the top-level value',
  InvalidCommentToken: 'comments are not allowed (request files are strict JSON)',
  UnexpectedEndOfComment: 'comments are not allowed (request files are strict JSON)',
  UnexpectedEndOfString: 'unterminated string (a line break inside a string must be written \\n)',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** One issue for the first JSON syntax error (later ones are usually its echoes). */
export function syntaxIssue(text: string, error: ParseError): RequestFileIssue {
  let { offset, length } = error;
  const code = printParseErrorCode(error.error);
  let message = `JSON syntax error: ${SYNTAX_MESSAGES[code] ?? code}`;
  const char = text[offset];
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && (char === '}' || char === ']')) {
    const before = text.slice(0, offset).trimEnd();
    if (before.endsWith(',')) {
      offset = before.length - 1;
      length = 1;
      message = 'JSON syntax error: trailing comma (request files are strict JSON)';
    }
  }
  if (text.trim() === '') message = 'the file is empty; expected a JSON object';
  return { path: '$', segments: [], message, ...lineColumnAt(text, offset), offset, length };
}

/** An issue plus what to point at: the value (default) or, for an unknown property, its key. */
export type UnlocatedIssue = RequestFileIssue & { target?: 'key' };

/**
 * Adds line, column, offset and length of the offending value to each issue. A missing property
 * points at the nearest enclosing value that exists (its parent object); an unknown property at its key.
 */
export function locateIssues(
  text: string,
  root: Node | undefined,
  issues: UnlocatedIssue[],
): RequestFileIssue[] {
  return issues.map(({ target, ...issue }) => {
    if (!root) return issue;
    let node: Node | undefined;
    for (let depth = issue.segments.length; depth >= 0 && !node; depth--) {
      node = findNodeAtLocation(root, issue.segments.slice(0, depth));
      if (node && depth === issue.segments.length && target === 'key')
        node = node.parent?.children?.[0] ?? node;
    }
    const at = node ?? root;
    return { ...issue, ...lineColumnAt(text, at.offset), offset: at.offset, length: at.length };
  });
}

/**
 * One issue per repeated property name in any object (JSON keeps only the last; for a billed request
 * that is almost always a mistake), pointing at the repeated key.
 */
export function duplicateKeyIssues(text: string, root: Node | undefined): RequestFileIssue[] {
  const issues: RequestFileIssue[] = [];
  const visit = (node: Node, segments: (string | number)[]) => {
    if (node.type === 'array') {
      for (const [i, child] of (node.children ?? []).entries()) visit(child, [...segments, i]);
    }
    if (node.type !== 'object') return;
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || typeof key.value !== 'string') continue;
      const path = [...segments, key.value];
      if (seen.has(key.value)) {
        issues.push({
          path: formatJsonPath(path),
          segments: path,
          message: `duplicate property ${showValue(key.value)} (JSON keeps only the last one)`,
          ...lineColumnAt(text, key.offset),
          offset: key.offset,
          length: key.length,
        });
      }
      seen.add(key.value);
      if (value) visit(value, path);
    }
  };
  if (root) visit(root, []);
  return issues;
}
