import { randomBytes, randomUUID } from 'node:crypto';
import { ASSET_FILES, type AssetKey } from './assets.js';

/** One job output on the storage host. */
export interface StoredArtifact {
  id: string;
  /** Signature the URL must carry (`X-Goog-Signature`). */
  token: string;
  jobId: string;
  asset: AssetKey;
  fileName: string;
  mimeType: string;
  /** The job asked for its first download to be cut after half the bytes. */
  cutOnce: boolean;
  /** That cut has happened. */
  cutDone: boolean;
  /** Downloads trickle at this many bytes per second (`[sim:slow-download=N]`); undefined: full speed. */
  bytesPerSecond: number | undefined;
  /** Full GET/HEAD requests answered, ranged or not. */
  downloads: number;
}

/** LTX upload slot from `POST /v1/upload`, and what was PUT into it. */
export interface UploadSlot {
  id: string;
  token: string;
  createdAt: number;
  /** The signed PUT URL stops working after this, epoch ms (creation + 1 h). */
  expiresAt: number;
  requiredHeaders: Record<string, string>;
  data?: Buffer;
  contentType?: string;
  uploadedAt?: number;
}

/** A useapi asset from `POST /assets/?type=`. */
export interface UseapiAsset {
  id: string;
  token: string;
  /** `asset:<id>-type:<mime>`. */
  fileId: string;
  /** The `type` query value: `image`, `reference-image`, ... */
  type: string;
  mimeType: string;
  data: Buffer;
  createdAt: number;
}

/** The largest LTX upload, bytes (100 MB), as in `x-goog-content-length-range`. */
export const MAX_UPLOAD_BYTES = 104_857_600;
/** Upload URLs live one hour. */
export const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;

function token(): string {
  return randomBytes(16).toString('hex');
}

/** Artifacts, LTX upload slots and useapi assets, plus the URLs that reach them on the storage host. */
export class StorageState {
  readonly artifacts = new Map<string, StoredArtifact>();
  readonly uploads = new Map<string, UploadSlot>();
  readonly assets = new Map<string, UseapiAsset>();

  constructor(private readonly baseUrl: () => string) {}

  /** Registers the output of a job. */
  addArtifact(jobId: string, asset: AssetKey, cutOnce: boolean, bytesPerSecond?: number): StoredArtifact {
    const { fileName, mimeType } = ASSET_FILES[asset];
    const artifact: StoredArtifact = {
      id: randomUUID(),
      token: token(),
      jobId,
      asset,
      fileName,
      mimeType,
      cutOnce,
      cutDone: false,
      bytesPerSecond,
      downloads: 0,
    };
    this.artifacts.set(artifact.id, artifact);
    return artifact;
  }

  /** Signed URL of an artifact. */
  artifactUrl(artifact: StoredArtifact): string {
    return `${this.baseUrl()}/artifacts/${artifact.id}/${artifact.fileName}?X-Goog-Signature=${artifact.token}`;
  }

  /** Creates an LTX upload slot. */
  addUpload(now: number): UploadSlot {
    const slot: UploadSlot = {
      id: randomUUID(),
      token: token(),
      createdAt: now,
      expiresAt: now + UPLOAD_URL_TTL_MS,
      requiredHeaders: { 'x-goog-content-length-range': `0,${MAX_UPLOAD_BYTES}` },
    };
    this.uploads.set(slot.id, slot);
    return slot;
  }

  /** Signed PUT URL of an upload slot. */
  uploadUrl(slot: UploadSlot): string {
    return `${this.baseUrl()}/uploads/${slot.id}?X-Goog-Signature=${slot.token}`;
  }

  /** Stores a useapi asset. */
  addAsset(type: string, mimeType: string, data: Buffer, now: number): UseapiAsset {
    const id = randomUUID();
    const asset: UseapiAsset = {
      id,
      token: token(),
      fileId: `asset:${id}-type:${mimeType}`,
      type,
      mimeType,
      data,
      createdAt: now,
    };
    this.assets.set(id, asset);
    return asset;
  }

  /** The asset with this `fileId`, if any. */
  assetByFileId(fileId: string): UseapiAsset | undefined {
    for (const asset of this.assets.values()) if (asset.fileId === fileId) return asset;
    return undefined;
  }

  /** Signed URL of a useapi asset. */
  assetUrl(asset: UseapiAsset): string {
    return `${this.baseUrl()}/files/${asset.id}?X-Goog-Signature=${asset.token}`;
  }
}
