import { dirname } from 'node:path';
import {
  type CostEstimate,
  checkDailyBudget,
  createMediaReader,
  estimateCost,
  expandVariations,
  explainEstimate,
  formatEstimate,
  formatUsd,
  INSUFFICIENT_FUNDS_HINT,
  isInsufficientFunds,
  isKnownCost,
  LTX_BILLING_URL,
  type MediaInfo,
  parseRequestFile,
  type RequestFile,
  type RunTotal,
  spentToday,
  sumEstimates,
  type Variant,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';

/** Media lengths already read (files by path, size and mtime; URLs by URL), shared by every estimate. */
const mediaCache = new Map<string, Promise<MediaInfo>>();

/** The estimate of a request whose media paths are relative to `baseDir`. Never throws for bad input. */
export function estimateRequest(file: RequestFile, baseDir: string): Promise<CostEstimate> {
  return estimateCost(file, { readMedia: createMediaReader({ baseDir, cache: mediaCache }) });
}

/** The estimate of a request file's current editor text, or `undefined` when the file is not valid. */
export async function estimateDocument(document: vscode.TextDocument): Promise<CostEstimate | undefined> {
  let file: RequestFile;
  try {
    file = parseRequestFile(document.getText(), document.uri.toString());
  } catch {
    return undefined;
  }
  return estimateRequest(file, dirname(document.uri.fsPath));
}

/**
 * For a request file with `variations` (its editor text): how many jobs it makes and their total
 * estimate; `undefined` for a plain file or an invalid one.
 */
export async function estimateVariations(
  document: vscode.TextDocument,
): Promise<{ jobs: number; total: RunTotal } | undefined> {
  let variants: Variant[];
  let file: RequestFile;
  try {
    file = parseRequestFile(document.getText(), document.uri.toString());
    variants = expandVariations(file, document.uri.toString());
  } catch {
    return undefined;
  }
  if (variants.length === 0) return undefined;
  const { variations: _v, ...plain } = file;
  const baseDir = dirname(document.uri.fsPath);
  const estimates = await Promise.all(
    variants.map((v) => estimateRequest({ ...plain, request: v.request }, baseDir)),
  );
  return { jobs: variants.length, total: sumEstimates(estimates) };
}

/**
 * The checks made before a submit is sent: refuses one that would take today's estimated spend over
 * `ltxJobs.budget.daily` (CostLimitError saying how much is left), and asks before one above
 * `ltxJobs.confirmAbove` or of unknown cost (CancelledError when declined). Returns the estimate,
 * which the ledger keeps with the job.
 */
export async function checkCostBeforeSubmit(
  services: Services,
  file: RequestFile,
  baseDir: string,
  name: string,
  /** Today's spend the budget counts; default this window's jobs (the team queue counts the team's). */
  spent: () => Promise<number> = async () => spentToday(services.store.actionable(), Date.now()),
): Promise<CostEstimate> {
  const estimate = await estimateRequest(file, baseDir);
  const { confirmAbove, dailyBudget } = readSettings();
  const usd = isKnownCost(estimate) ? estimate.usd : undefined;
  if (dailyBudget !== null && usd !== undefined) checkDailyBudget(dailyBudget, await spent(), usd);
  if (confirmAbove === null) return estimate;
  if (usd !== undefined && usd <= confirmAbove) return estimate;
  const question =
    usd === undefined
      ? `Submit "${name}"? Its cost is unknown.`
      : `Submit "${name}" for ${formatEstimate(estimate)}?`;
  const answer = await vscode.window.showWarningMessage(
    question,
    {
      modal: true,
      detail: `${explainEstimate(estimate)}\n\nYou asked to confirm submits above ${formatUsd(confirmAbove)} (ltxJobs.confirmAbove).`,
    },
    'Submit',
  );
  if (answer !== 'Submit') throw new CancelledError();
  return estimate;
}

/** ` (≈ $0.54)`, ` (cost unknown)`: the amount as notifications append it. */
export function costSuffix(estimate: CostEstimate | undefined): string {
  return estimate === undefined ? '' : ` (${formatEstimate(estimate)})`;
}

/**
 * For LTX's `402 insufficient_funds_error`: a message with a button that opens the console where
 * credits are bought. Returns false for any other error.
 */
export function showInsufficientFunds(error: unknown): boolean {
  if (!isInsufficientFunds(error)) return false;
  void vscode.window
    .showErrorMessage(`LTX Jobs: ${INSUFFICIENT_FUNDS_HINT.replace(/, https:\S+$/, '.')}`, 'Open LTX Billing')
    .then((choice) => {
      if (choice === 'Open LTX Billing') void vscode.env.openExternal(vscode.Uri.parse(LTX_BILLING_URL));
    });
  return true;
}
