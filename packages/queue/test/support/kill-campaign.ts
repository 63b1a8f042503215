import type { GenerationStage, Team } from '../../src/index.js';
import { type ClusterSettings, killProcess, spawnWorker, type WorkerProcess } from './cluster.js';

/** One kill -9 the campaign made, with the stage the victim's job was in. */
export interface Kill {
  pid: number;
  jobId: string;
  stage: GenerationStage;
  /** Milliseconds the job had been in that stage. */
  inStageMs: number;
}

/** Options of {@link runKillCampaign}. */
export interface KillCampaign {
  team: Team;
  settings: ClusterSettings;
  workers: WorkerProcess[];
  /** Kills to make, cycling through the stages. */
  kills: number;
  stages: GenerationStage[];
  /**
   * Kill in a stage only while the job has been in it less than this (ms): a `preparing` job is held
   * by a slow upload, so a kill inside this margin lands before its POST.
   */
  marginMs: Partial<Record<GenerationStage, number>>;
  /** Only jobs whose name passes (e.g. those that upload media, for `preparing`). */
  eligible?: (stage: GenerationStage, name: string) => boolean;
  /** True once everything is done (the campaign stops). */
  done: () => Promise<boolean>;
  deadlineMs: number;
}

/**
 * Kills (SIGKILL) the worker that runs a job in the wanted stage, replaces it with a fresh worker
 * process, and moves on to the next stage, until `kills` were made or everything is done. Bounded by
 * `deadlineMs`. The workers list is updated in place.
 */
export async function runKillCampaign(campaign: KillCampaign): Promise<Kill[]> {
  const { team, settings, workers } = campaign;
  const kills: Kill[] = [];
  const end = Date.now() + campaign.deadlineMs;
  let turn = 0;
  while (kills.length < campaign.kills && Date.now() < end && !(await campaign.done())) {
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
    const stage = campaign.stages[turn % campaign.stages.length] as GenerationStage;
    const active = await team.queue('ltx').getJobs(['active']);
    const states = await team.generations.many(active.map((j) => j.id ?? ''));
    const now = Date.now();
    const candidates = active
      .map((job, i) => ({ job, state: states[i] ?? {} }))
      .filter(({ job, state }) => {
        if (state.stage !== stage || state.stageAt === undefined || state.worker === undefined) return false;
        if (now - state.stageAt > (campaign.marginMs[stage] ?? Number.POSITIVE_INFINITY)) return false;
        const name = String((job.data as { name?: unknown }).name ?? '');
        return campaign.eligible?.(stage, name) ?? true;
      });
    const pick = candidates[Math.floor(Math.random() * candidates.length)];
    if (!pick) continue;
    const pid = Number(pick.state.worker?.split('@')[0]);
    const victim = workers.find((w) => w.pid === pid);
    if (!victim) continue;
    victim.child.kill('SIGKILL');
    kills.push({ pid, jobId: pick.job.id ?? '', stage, inStageMs: now - (pick.state.stageAt ?? now) });
    await killProcess(victim);
    workers.splice(workers.indexOf(victim), 1, await spawnWorker(settings));
    turn++;
  }
  return kills;
}
