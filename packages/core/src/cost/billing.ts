import { isHttpError } from '../errors/http-error.js';

/**
 * LTX's Developer Console, where API credits are bought ("Buy API credits from the Billings section of
 * the Developer Console", help.ltx.io). The console's billing path is not documented publicly, so
 * links open the console itself.
 */
export const LTX_BILLING_URL = 'https://console.ltx.io/';

/** True for LTX's `402 insufficient_funds_error` (the prepaid balance is too low for the job). */
export function isInsufficientFunds(error: unknown): boolean {
  if (!isHttpError(error))
    return (error as { errorType?: unknown } | null)?.errorType === 'insufficient_funds_error';
  return error.status === 402 || error.errorType === 'insufficient_funds_error';
}

/** What to tell someone whose balance ran out: where to top up. */
export const INSUFFICIENT_FUNDS_HINT = `Your LTX balance is too low for this job: buy API credits in the Billing section of the LTX Developer Console, ${LTX_BILLING_URL}`;
