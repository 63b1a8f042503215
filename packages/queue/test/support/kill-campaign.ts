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
 * Kills (SIGKILL) the worker that runs a job in one of the wanted stages (each stage up to its share
 * of the kills, the stage with the fewest so far first), and starts a fresh worker process in its place without waiting for it, until
 * `kills` were made or everything is done. Never kills the last worker alive. Bounded by `deadlineMs`.
 * The workers list is updated in place; the replacements still starting are awaited before returning.
 */
export async function runKillCampaign(campaign: KillCampaign): Promise<Kill[]> {
  const { team, settings, workers } = campaign;
  const kills: Kill[] = [];
  const starting: Promise<void>[] = [];
  const end = Date.now() + campaign.deadlineMs;
  const killsIn = (stage: GenerationStage) => kills.filter((k) => k.stage === stage).length;
  // Each stage gets its share of the kills: one stage's chances never use up another's.
  const quota = Math.ceil(campaign.kills / campaign.stages.length);
  while (kills.length < campaign.kills && Date.now() < end && !(await campaign.done())) {
    await new Promise((r) => setTimeout(r, 10 + Math.random() * 30));
    const active = await team.queue('ltx').getJobs(['active']);
    const states = await team.generations.many(active.map((j) => j.id ?? ''));
    const now = Date.now();
    if (workers.length < 2) continue;
    const candidates = active
      .map((job, i) => ({ job, state: states[i] ?? {} }))
      .filter(({ job, state }) => {
        const stage = state.stage;
        if (!stage || !campaign.stages.includes(stage) || state.stageAt === undefined) return false;
        if (killsIn(stage) >= quota) return false;
        if (now - state.stageAt > (campaign.marginMs[stage] ?? Number.POSITIVE_INFINITY)) return false;
        const name = String((job.data as { name?: unknown }).name ?? '');
        const pid = Number(state.worker?.split('@')[0]);
        return workers.some((w) => w.pid === pid) && (campaign.eligible?.(stage, name) ?? true);
      })
      .sort((a, b) => killsIn(a.state.stage as GenerationStage) - killsIn(b.state.stage as GenerationStage));
    const pick = candidates[0];
    if (!pick) continue;
    const pid = Number(pick.state.worker?.split('@')[0]);
    const victim = workers.find((w) => w.pid === pid) as WorkerProcess;
    victim.child.kill('SIGKILL');
    const stage = pick.state.stage as GenerationStage;
    kills.push({ pid, jobId: pick.job.id ?? '', stage, inStageMs: now - (pick.state.stageAt ?? now) });
    workers.splice(workers.indexOf(victim), 1);
    await killProcess(victim);
    starting.push(spawnWorker(settings).then((fresh) => void workers.push(fresh)));
  }
  await Promise.all(starting);
  return kills;
}
