// One submitting process for the tests: enqueues request files to the team queue as
// `ltx-jobs submit --queue` does. Args: <redis-url> <json-file with [{ file, baseDir }]>. Prints one
// JSON line per request: { jobId } or { duplicate: previousRef }.
import { readFileSync } from 'node:fs';
import { enqueueRequest, openTeam } from '../../dist/index.js';

const [url, listFile] = process.argv.slice(2);
const items = JSON.parse(readFileSync(listFile, 'utf8'));
const team = await openTeam(url);
try {
  for (const { file, baseDir } of items) {
    try {
      const job = await enqueueRequest(team, file, { baseDir });
      process.stdout.write(`${JSON.stringify({ jobId: job.jobId })}\n`);
    } catch (error) {
      if (error?.name !== 'DuplicateSubmitError') throw error;
      process.stdout.write(`${JSON.stringify({ duplicate: error.previousRef })}\n`);
    }
  }
} finally {
  await team.close();
}
