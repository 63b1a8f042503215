import type { TeamJobs } from '../team/team-jobs.js';
import type { CliJobs } from './cli-jobs.js';
import type { ExternalJobs } from './job-store.js';

/**
 * The jobs the store shows without polling them: the CLI's jobs of this workspace and the team
 * queue's (a team job's row wins when both know a ref: the team's record is the one its worker moves).
 */
export function externalJobs(
  cli: Pick<CliJobs, 'list' | 'get' | 'hide' | 'onDidChange'>,
  team: Pick<TeamJobs, 'list' | 'get' | 'hide' | 'onDidChange' | 'info'>,
): ExternalJobs {
  return {
    list() {
      const teams = team.list();
      if (teams.length === 0) return cli.list();
      return [...teams, ...cli.list().filter((r) => team.get(r.ref) === undefined)];
    },
    get: (ref) => team.get(ref) ?? cli.get(ref),
    hide: (ref) => (team.get(ref) === undefined ? cli.hide(ref) : team.hide(ref)),
    onDidChange(listener) {
      const offCli = cli.onDidChange(listener);
      const offTeam = team.onDidChange(listener);
      return () => {
        offCli();
        offTeam();
      };
    },
    team: (ref) => team.info(ref),
  };
}
