import type { z } from 'zod';
import {
  DownloadInputSchema,
  EstimateOutputSchema,
  JobOutputSchema,
  ListJobsInputSchema,
  ListJobsOutputSchema,
  ListModelsInputSchema,
  ListModelsOutputSchema,
  MAX_WAIT_SECONDS,
  StatusInputSchema,
  SubmitInputSchema,
  SubmitOutputSchema,
  ValidateInputSchema,
  ValidateOutputSchema,
  WaitInputSchema,
  WaitOutputSchema,
} from './schemas.js';

/** One agent tool: the same name, words and zod schemas for the MCP server and the VS Code tools. */
export interface AgentToolDefinition {
  /** e.g. `ltx_submit`. */
  name: string;
  /** Short title for people, e.g. `Submit an LTX job`. */
  title: string;
  /** For the model: what it does, when to use it, what it costs. */
  description: string;
  input: z.ZodObject;
  output: z.ZodObject;
  /** Reads only: no job, no file, no bill. */
  readOnly: boolean;
  /** Starts a billed job (needs confirmation in the editor). */
  billed: boolean;
  /** Talks to the provider's API or its result host. */
  network: boolean;
}

/** Every agent tool, in the order an agent uses them. */
export const AGENT_TOOLS = [
  {
    name: 'ltx_list_models',
    title: 'List LTX models',
    description:
      "The capability table of LTX's models: which endpoints each serves, its resolutions, frame rates and durations, and which ids are deprecated. Use it before writing a request.",
    input: ListModelsInputSchema,
    output: ListModelsOutputSchema,
    readOnly: true,
    billed: false,
    network: false,
  },
  {
    name: 'ltx_validate',
    title: 'Validate an LTX request',
    description:
      'Checks a *.ltx.json request file (or an inline request) as the CLI and the editor do: every problem with its JSON path (e.g. $.request.duration) and line, and every local media file. Sends nothing.',
    input: ValidateInputSchema,
    output: ValidateOutputSchema,
    readOnly: true,
    billed: false,
    network: false,
  },
  {
    name: 'ltx_estimate',
    title: 'Estimate the cost of an LTX request',
    description:
      'The estimated price in USD of a valid request (an estimate from a dated price table, never an invoice) and a quote id. Pass the quote as confirmQuote to ltx_submit to accept it when a cost limit applies. Sends nothing.',
    input: ValidateInputSchema,
    output: EstimateOutputSchema,
    readOnly: true,
    billed: false,
    network: false,
  },
  {
    name: 'ltx_submit',
    title: 'Submit an LTX job (billed)',
    description:
      'Validates and submits a request file or inline request to the provider. Every submit is billed and LTX jobs cannot be cancelled. Refused when the estimate is above the cost limit (or unknown with a limit set) unless confirmQuote is the quote shown for this request; refused when an identical request was submitted before unless allowDuplicate. Returns the job ref at once; follow it with ltx_wait.',
    input: SubmitInputSchema,
    output: SubmitOutputSchema,
    readOnly: false,
    billed: true,
    network: true,
  },
  {
    name: 'ltx_status',
    title: 'Show an LTX job',
    description:
      "A job's state, progress, error and files on disk, from the job ledger shared with the ltx-jobs CLI and the VS Code extension (one fresh status read for a running job).",
    input: StatusInputSchema,
    output: JobOutputSchema,
    readOnly: true,
    billed: false,
    network: true,
  },
  {
    name: 'ltx_wait',
    title: 'Wait for an LTX job',
    description: `Follows a job for up to ${MAX_WAIT_SECONDS} seconds and, once it succeeded, downloads its results into the output folder. Returns the progress so far; when "finished" is false, call it again. The job goes on at the provider either way.`,
    input: WaitInputSchema,
    output: WaitOutputSchema,
    readOnly: false,
    billed: false,
    network: true,
  },
  {
    name: 'ltx_list_jobs',
    title: 'List LTX jobs',
    description:
      'The jobs in the ledger shared with the ltx-jobs CLI and the VS Code extension, newest first: ref, name, state, files on disk.',
    input: ListJobsInputSchema,
    output: ListJobsOutputSchema,
    readOnly: true,
    billed: false,
    network: false,
  },
  {
    name: 'ltx_download',
    title: 'Download the results of an LTX job',
    description:
      'Downloads every result of a succeeded job that is not on disk yet (atomically; an interrupted download resumes). Result URLs expire (LTX: 24 h after completion).',
    input: DownloadInputSchema,
    output: JobOutputSchema,
    readOnly: false,
    billed: false,
    network: true,
  },
] as const satisfies readonly AgentToolDefinition[];

/** Name of one of {@link AGENT_TOOLS}. */
export type AgentToolName = (typeof AGENT_TOOLS)[number]['name'];

/** The definition of `name`. */
export function agentTool(name: AgentToolName): AgentToolDefinition {
  const tool = AGENT_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`No agent tool ${name}`);
  return tool;
}
