import { openWithSound } from '../gallery/sound.js';
import type { Services } from '../services/services.js';
import { artifactFile, jobTarget, pickArtifact } from './job-arg.js';

/**
 * ltxJobs.openArtifact <job|artifact>: opens the file in VS Code (MP4 in the built-in media preview, as
 * its sound copy when it has AAC audio and ffmpeg is there), downloading it first if needed.
 */
export async function openArtifact(services: Services, arg: unknown): Promise<void> {
  const target = jobTarget(services, arg);
  const path = await artifactFile(services, target, await pickArtifact(target, 'Artifact to open'));
  await openWithSound(services, path);
}
