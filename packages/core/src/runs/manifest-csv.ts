import { basename, dirname } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { RequestFileError, type RequestFileIssue } from '../errors/request-file-error.js';
import type { RequestCheckOptions } from '../providers/body-schemas.js';
import { locateIssues } from '../request-file/locate.js';
import { checkRequestFile } from '../request-file/parse.js';
import { parseCsv } from './csv.js';
import type { LoadedInput } from './loaded-request.js';
import { checkRequestText, readRunInput } from './request-text.js';

/** Columns that set the request file's envelope; every other column sets a request field. */
const ENVELOPE_COLUMNS = new Set(['name', 'output']);

/** True for a CSV of prompts (`*.csv`). */
export function isCsvManifest(path: string): boolean {
  return /\.csv$/i.test(path);
}

/**
 * A cell as a JSON value: `prompt`, `name` and `output` stay text; another column takes the type of
 * the template's value for that field (number, boolean), else a number when it reads as one,
 * `true`/`false`, or text.
 */
function cellValue(column: string, cell: string, template: Record<string, unknown>): unknown {
  if (column === 'prompt' || ENVELOPE_COLUMNS.has(column)) return cell;
  const like = template[column];
  const trimmed = cell.trim();
  if ((typeof like === 'number' || like === undefined || like === null) && /^-?\d+(\.\d+)?$/.test(trimmed))
    return Number(trimmed);
  if ((typeof like === 'boolean' || like === undefined) && /^(true|false)$/i.test(trimmed))
    return trimmed.toLowerCase() === 'true';
  return cell;
}

/**
 * Loads a CSV of prompts with a template request file: a header row naming the columns (`prompt`
 * required; `name`, `output`, and any request field such as `duration` or `model`), then one job per
 * record: the template with that row's non-empty cells put in. Every row is checked; an issue on a
 * value from the CSV is reported at `file.csv:line:column`, one in the template once, in the template.
 * Media paths are relative to the template. A row without a `name` is named `<template name or csv>-<line>`.
 */
export async function loadCsvManifest(
  path: string,
  templatePath: string,
  options: RequestCheckOptions = {},
): Promise<LoadedInput> {
  const out: LoadedInput = { requests: [], errors: [], warnings: [] };
  const fail = (line: number, column: number, message: string) =>
    out.errors.push(new RequestFileError(path, [{ path: '$', segments: [], message, line, column }]));
  const parsed = parseCsv(await readRunInput(path, 'CSV'));
  const templateText = await readRunInput(templatePath, 'Template');
  const templateCheck = checkRequestFile(templateText, options);
  const syntax = templateCheck.issues.find((i) => i.code === 'syntax');
  if (syntax) return { ...out, errors: [new RequestFileError(templatePath, [syntax])] };
  if ('problem' in parsed) {
    fail(parsed.problem.line, parsed.problem.column, parsed.problem.message);
    return out;
  }
  const [header, ...rows] = parsed.records;
  const columns = (header?.cells ?? []).map((c) => c.trim());
  const problem = headerProblem(columns);
  if (problem) {
    fail(header?.line ?? 1, problem.column, problem.message);
    return out;
  }
  if (rows.length === 0) fail(header?.line ?? 1, 1, 'the CSV has a header but no rows');
  const template = JSON.parse(templateText) as Record<string, unknown>;
  const templateRequest = (template.request ?? {}) as Record<string, unknown>;
  const base = typeof template.name === 'string' ? template.name : basename(path).replace(/\.csv$/i, '');
  const width = String(rows.at(-1)?.line ?? 1).length;
  const templateIssues = new Map<string, RequestFileIssue>();
  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      fail(row.line, 1, `expected ${columns.length} cells (as in the header), got ${row.cells.length}`);
      continue;
    }
    const envelope = structuredClone(template);
    const request = { ...(envelope.request as Record<string, unknown>) };
    columns.forEach((column, c) => {
      const cell = row.cells[c] ?? '';
      if (cell === '') return;
      if (ENVELOPE_COLUMNS.has(column)) envelope[column] = cell;
      else request[column] = cellValue(column, cell, templateRequest);
    });
    envelope.request = request;
    if (envelope.name === template.name) envelope.name = `${base}-${String(row.line).padStart(width, '0')}`;
    const checked = await checkRequestText(JSON.stringify(envelope), dirname(templatePath), options);
    const rowIssues: RequestFileIssue[] = [];
    for (const issue of checked.issues) {
      const column = columnOf(issue, columns, row.cells, template);
      if (column === undefined) {
        templateIssues.set(`${issue.path}\u0000${issue.message}`, issue);
        continue;
      }
      rowIssues.push({
        ...issue,
        message: `column "${columns[column]}": ${issue.message}`,
        line: row.line,
        column: column + 1,
      });
    }
    const errors = rowIssues.filter((i) => i.severity !== 'warning');
    const warnings = rowIssues.filter((i) => i.severity === 'warning');
    if (warnings.length > 0) out.warnings.push(new RequestFileError(path, warnings));
    if (errors.length > 0) out.errors.push(new RequestFileError(path, errors));
    if (checked.file === undefined || errors.length > 0) continue;
    out.requests.push({
      file: checked.file,
      requestFile: path,
      keyLabel: `${basename(path)}:${row.line}`,
      baseDir: dirname(templatePath),
      line: row.line,
    });
  }
  if (templateIssues.size > 0) {
    const located = locateIssues(templateText, parseTree(templateText), [...templateIssues.values()]);
    const errors = located.filter((i) => i.severity !== 'warning');
    const warnings = located.filter((i) => i.severity === 'warning');
    if (errors.length > 0) out.errors.unshift(new RequestFileError(templatePath, errors));
    if (warnings.length > 0) out.warnings.push(new RequestFileError(templatePath, warnings));
  }
  return out;
}

function headerProblem(columns: string[]): { column: number; message: string } | undefined {
  if (!columns.includes('prompt')) return { column: 1, message: 'the header row needs a "prompt" column' };
  const seen = new Set<string>();
  for (const [i, column] of columns.entries()) {
    if (column === '') return { column: i + 1, message: 'a column has no name in the header row' };
    if (seen.has(column)) return { column: i + 1, message: `column "${column}" is named twice` };
    seen.add(column);
  }
  return undefined;
}

/**
 * The index of the CSV column a row's issue is about: the prompt, a value the row set, or one it left
 * empty that the template does not give either. Undefined for an issue of the template's own values.
 */
function columnOf(
  issue: RequestFileIssue,
  columns: string[],
  cells: string[],
  template: Record<string, unknown>,
): number | undefined {
  const [head, field] = issue.segments;
  const name = head === 'request' ? field : head;
  if (typeof name !== 'string') return undefined;
  const at = columns.indexOf(name);
  if (at < 0) return undefined;
  const fromTemplate =
    head === 'request' ? (template.request as Record<string, unknown>)?.[name] : template[name];
  return name === 'prompt' || (cells[at] ?? '') !== '' || fromTemplate === undefined ? at : undefined;
}
