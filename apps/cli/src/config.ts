import {
  ConfigError,
  LTX_DEFAULT_BASE_URL,
  type ProviderName,
  parseByteSize,
  USEAPI_DEFAULT_BASE_URL,
  validateBaseUrl,
} from '@ltx-jobs/core';
import { z } from 'zod';
import { resolveHome } from './env.js';

// The per-user data folder lives in env.ts (free of zod and the API clients, for `list` and `status`).
export { resolveHome } from './env.js';

// An empty variable (`LTX_API_KEY=`) counts as unset.
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().optional(),
);

/** The environment variables the CLI reads. Everything else in `process.env` is ignored. */
export const EnvSchema = z.object({
  LTX_API_KEY: optionalText,
  LTX_API_BASE_URL: optionalText,
  USEAPI_API_TOKEN: optionalText,
  USEAPI_BASE_URL: optionalText,
  LTX_JOBS_HOME: optionalText,
  XDG_DATA_HOME: optionalText,
  APPDATA: optionalText,
  LTX_JOBS_DEBUG: optionalText,
  LTX_JOBS_LTX_CONCURRENCY: optionalText,
  LTX_JOBS_DAILY_BUDGET: optionalText,
  LTX_JOBS_MAX_UNSIZED_DOWNLOAD: optionalText,
  LTX_JOBS_OPEN_WITH: optionalText,
});
/** The parsed environment. */
export type Env = z.infer<typeof EnvSchema>;

/** Resolved configuration. Keys stay here and go only to the core's clients, never to output. */
export interface CliConfig {
  /** `concurrentJobs`: LTX generations in flight at once (`LTX_JOBS_LTX_CONCURRENCY`); core's default 2 when unset. */
  ltx: { apiKey: string | undefined; baseUrl: string; concurrentJobs?: number };
  useapi: { apiToken: string | undefined; baseUrl: string };
  /** `LTX_JOBS_DAILY_BUDGET`: USD of estimated spend per local day above which submits are refused. */
  dailyBudget?: number;
  /** Folder of the job ledger (absolute). */
  home: string;
  /** `LTX_JOBS_DEBUG` set (not `0`): the core's info/debug log and stacks of internal errors on stderr. */
  debug: boolean;
  /** `LTX_JOBS_MAX_UNSIZED_DOWNLOAD`: cap for an artifact whose size the host does not declare; core's 4 GiB when unset. */
  maxUnsizedDownloadBytes?: number;
}

/** Parses the environment. Base URLs are checked by the core (`https:`, or `http:` on loopback only). */
export function loadConfig(rawEnv: Record<string, string | undefined> = process.env): CliConfig {
  const env = EnvSchema.parse(rawEnv);
  return {
    ltx: {
      apiKey: env.LTX_API_KEY,
      baseUrl: validateBaseUrl(env.LTX_API_BASE_URL ?? LTX_DEFAULT_BASE_URL, 'LTX_API_BASE_URL'),
      ...concurrencyOf(env.LTX_JOBS_LTX_CONCURRENCY),
    },
    useapi: {
      apiToken: env.USEAPI_API_TOKEN,
      baseUrl: validateBaseUrl(env.USEAPI_BASE_URL ?? USEAPI_DEFAULT_BASE_URL, 'USEAPI_BASE_URL'),
    },
    home: resolveHome(env),
    ...dailyBudgetOf(env.LTX_JOBS_DAILY_BUDGET),
    debug: env.LTX_JOBS_DEBUG !== undefined && env.LTX_JOBS_DEBUG !== '0',
    ...maxUnsizedDownloadOf(env.LTX_JOBS_MAX_UNSIZED_DOWNLOAD),
  };
}

/**
 * `LTX_JOBS_MAX_UNSIZED_DOWNLOAD`: the most an artifact may hold when its host sends no size
 * (`8GiB`, `500MB`, bytes); default 4 GiB. A bad value is a ConfigError naming the variable.
 */
function maxUnsizedDownloadOf(text: string | undefined): { maxUnsizedDownloadBytes?: number } {
  if (text === undefined) return {};
  const bytes = parseByteSize(text);
  if (bytes === undefined) {
    throw new ConfigError(
      `LTX_JOBS_MAX_UNSIZED_DOWNLOAD must be a size such as 8GiB, 500MB or a number of bytes; got "${text.slice(0, 40)}"`,
    );
  }
  return { maxUnsizedDownloadBytes: bytes };
}

/**
 * `LTX_JOBS_LTX_CONCURRENCY`: how many LTX jobs may run at once (LTX's default account limit is 2;
 * raise it only when your plan allows more). A whole number from 1 to 100, else a ConfigError.
 */
function concurrencyOf(text: string | undefined): { concurrentJobs?: number } {
  if (text === undefined) return {};
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new ConfigError(`LTX_JOBS_LTX_CONCURRENCY must be a whole number from 1 to 100; got "${text}"`);
  }
  return { concurrentJobs: value };
}

/** `LTX_JOBS_DAILY_BUDGET`: a number of USD >= 0, else a ConfigError naming the variable. */
function dailyBudgetOf(text: string | undefined): { dailyBudget?: number } {
  if (text === undefined) return {};
  const value = Number(text.replace(/^\$/, ''));
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`LTX_JOBS_DAILY_BUDGET must be an amount in USD (e.g. 5 or 12.50); got "${text}"`);
  }
  return { dailyBudget: value };
}

/** The variable that holds each provider's secret. */
export const KEY_VARIABLE: Record<ProviderName, string> = {
  ltx: 'LTX_API_KEY',
  useapi: 'USEAPI_API_TOKEN',
};

/** True when the provider's key is set (a command may then read the provider). */
export function hasKey(config: CliConfig, provider: ProviderName): boolean {
  return Boolean(provider === 'ltx' ? config.ltx.apiKey : config.useapi.apiToken);
}

/** The provider's key, or a {@link ConfigError} naming the variable to set. */
export function requireKey(config: CliConfig, provider: ProviderName): string {
  const key = provider === 'ltx' ? config.ltx.apiKey : config.useapi.apiToken;
  if (key) return key;
  const where = provider === 'ltx' ? 'the LTX Developer Console (console.ltx.io)' : 'useapi.net';
  throw new ConfigError(
    `${KEY_VARIABLE[provider]} is not set: export ${KEY_VARIABLE[provider]}=<key from ${where}>`,
  );
}
