import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { JobNode } from '../tree/tree-nodes.js';

/** A node of one job as VS Code hands it back to item commands. */
const JobNodeSchema = z.union([
  z.object({ kind: z.literal('job'), ref: z.string() }),
  z.object({ kind: z.literal('artifact'), ref: z.string(), key: z.string() }),
  z.object({ kind: z.literal('error'), ref: z.string() }),
]);

/** Any node of the Jobs tree (jobs, their children, groups, pending submits). */
const AnyTreeNodeSchema = z.union([
  JobNodeSchema,
  z.object({ kind: z.literal('group'), key: z.string() }),
  z.object({ kind: z.literal('pending'), id: z.string() }),
  z.object({ kind: z.literal('intent'), id: z.string() }),
]);

/** An interrupted submit's row, or its intent id (tests, other extensions). */
export const IntentArgSchema = z.union([
  z.object({ kind: z.literal('intent'), id: z.string() }).transform((n) => n.id),
  z.string().regex(/^[0-9a-f]{16}$/),
]);

/**
 * True for a node of the Jobs tree. VS Code passes the focused (and selected) rows to the view's
 * title buttons too; commands that do not work on a job ignore such an argument.
 */
export function isTreeNode(arg: unknown): boolean {
  return AnyTreeNodeSchema.safeParse(arg).success;
}

/**
 * The argument of a command that is also a title button (Submit, Track, Refresh, Set API Key…): the
 * tree's focused row that VS Code hands to title buttons is dropped, anything else is kept.
 */
export function titleArg(arg: unknown): unknown {
  return isTreeNode(arg) ? undefined : arg;
}

/**
 * The job nodes an item command acts on: every selected job row when the clicked row is part of a
 * multi-selection (VS Code passes the clicked node, then the selected nodes), else just `arg`.
 * Nodes of other kinds (groups, pending submits) in the selection are left out.
 */
export function selectedArgs(arg: unknown, selected: unknown): unknown[] {
  if (!Array.isArray(selected) || selected.length < 2) return [arg];
  const jobs = selected.filter((n) => JobNodeSchema.safeParse(n).success);
  return jobs.length > 0 ? jobs : [arg];
}

/** Item command argument: a tree node, or a job ref string (`ltx:<endpoint>/<id>`, `useapi:<jobId>`). */
export const ItemArgSchema = z.union([
  JobNodeSchema,
  z
    .string()
    .min(1)
    .transform((ref): JobNode => ({ kind: 'job', ref })),
]);

/**
 * Parses an item command's first argument.
 * @throws a zod error naming what was expected when it is neither a node nor a ref string.
 */
export function parseItemArg(arg: unknown): JobNode {
  const parsed = ItemArgSchema.safeParse(arg);
  if (!parsed.success) {
    throw new Error(
      'This command needs a job from the LTX Jobs view, or a job ref like ltx:text-to-video/<id>',
    );
  }
  return parsed.data;
}

/** A file argument: a Uri (explorer, editor title, CodeLens) or a URI string (tests, other extensions). */
export const UriArgSchema = z.union([
  z.custom<vscode.Uri>((v) => v instanceof vscode.Uri, 'expected a Uri'),
  z
    .string()
    .min(1)
    .transform((s) =>
      /^[a-z][a-z0-9+.-]+:/i.test(s) && !/^[a-z]:\\/i.test(s) ? vscode.Uri.parse(s) : vscode.Uri.file(s),
    ),
]);

/** Provider argument of the key commands. */
export const ProviderArgSchema = z.object({
  provider: z.enum(['ltx', 'useapi']),
  apiKey: z.string().min(1).optional(),
});

/** Optional job ref argument (`ltx:<endpoint>/<id>`, `useapi:<jobId>`); blank counts as none. */
export const RefArgSchema = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => (v ? v : undefined));

/**
 * Parses a command argument with `schema`.
 * @param what what the argument is, for the message, e.g. `ltxJobs.setApiKey's argument`
 * @throws UsageError naming the argument and what zod expected (never the value: it may be a key)
 */
export function parseArg<S extends z.ZodType>(schema: S, arg: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(arg);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
  throw new UsageError(`${what} is not valid (${problems})`);
}
