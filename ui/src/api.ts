// The one place the UI talks to Rust. Commands and their types are generated
// from Rust (bindings.ts); this only turns tauri-specta's Result objects into
// thrown AppErrors, which is what TanStack Query expects.
import {
  commands,
  type AuditSettings,
  type Fix,
  type CopyRequest,
  type CreateImageRequest,
  type Error as IpcError,
  type ErrorCode,
  type ImageQuery,
  type ImageScope,
  type ImageSwitch,
  type KeyType,
  type LaunchRequest,
  type PickPurpose,
  type ShareRequest,
  type TemplateRequest,
} from "./bindings";

export class AppError extends Error {
  readonly code: ErrorCode | "ipc";
  constructor(code: ErrorCode | "ipc", message: string) {
    super(message);
    this.code = code;
  }
}

type Res<T> = { status: "ok"; data: T } | { status: "error"; error: IpcError };

async function unwrap<T>(call: Promise<Res<T>>): Promise<T> {
  let res: Res<T>;
  try {
    res = await call;
  } catch (e) {
    // Framework-level failures (ACL denial, unknown command) reject with a string.
    throw new AppError("ipc", String(e));
  }
  if (res.status === "error") throw new AppError(res.error.code, res.error.message);
  return res.data;
}

export const api = {
  appStatus: (profile: string | null, region: string) => unwrap(commands.appStatus(profile, region)),
  listProfiles: () => unwrap(commands.listProfiles()),
  defaultRegion: (profile: string | null) => commands.defaultRegion(profile),
  listRegions: (profile: string | null, region: string) => unwrap(commands.listRegions(profile, region)),
  getPreferences: () => commands.getPreferences(),
  savePreferences: (profile: string | null, region: string | null) =>
    unwrap(commands.savePreferences({ profile, region })),
  listKeyPairs: (profile: string | null, region: string, allRegions: boolean) =>
    unwrap(commands.listKeyPairs(profile, region, allRegions)),
  resetPractice: () => unwrap(commands.resetPractice()),
  createKey: (profile: string | null, regions: string[], name: string, keyType: KeyType, bits: number, onAws: boolean) =>
    unwrap(commands.createKey(profile, regions, name, keyType, bits, onAws)),
  checkKeyName: (name: string) => unwrap(commands.checkKeyName(name)),
  exportKey: (name: string, rsa: boolean) => unwrap(commands.exportKey(name, rsa ? "pem" : "openssh")),
  deleteKeyPreview: (profile: string | null, region: string, name: string) =>
    unwrap(commands.deleteKeyPreview(profile, region, name)),
  deleteKey: (profile: string | null, region: string, name: string, onAws: boolean, local: boolean) =>
    unwrap(commands.deleteKey(profile, region, name, onAws, local)),
  dismissPendingKey: (name: string, region: string) => unwrap(commands.dismissPendingKey(name, region)),
  saveKeyForSsh: (name: string) => unwrap(commands.saveKeyForSsh(name)),
  pickPath: (purpose: PickPurpose) => unwrap(commands.pickPath(purpose)),
  inspectKeyFiles: (profile: string | null, region: string, paths: string[]) =>
    unwrap(commands.inspectKeyFiles(profile, region, paths)),
  scanKeyFiles: (profile: string | null, region: string, dirs: string[]) => unwrap(commands.scanKeyFiles(profile, region, dirs)),
  importKeyFile: (profile: string | null, region: string, path: string, name: string | null, passphrase: string | null, deleteFile: boolean) =>
    unwrap(commands.importKeyFile(profile, region, path, name, passphrase, deleteFile)),
  importPublicKey: (profile: string | null, regions: string[], name: string) => unwrap(commands.importPublicKey(profile, regions, name)),
  importPublicKeyFile: (profile: string | null, regions: string[], name: string, path: string) =>
    unwrap(commands.importPublicKeyFile(profile, regions, name, path)),
  sshCommand: (profile: string | null, region: string, instanceId: string) => unwrap(commands.sshCommand(profile, region, instanceId)),
  listImages: (profile: string | null, region: string, scope: ImageScope, query: ImageQuery) =>
    unwrap(commands.listImages(profile, region, scope, query)),
  imageDetail: (profile: string | null, region: string, imageId: string) => unwrap(commands.imageDetail(profile, region, imageId)),
  imageSources: (profile: string | null, region: string) => unwrap(commands.imageSources(profile, region)),
  checkImageName: (profile: string | null, region: string, name: string) => unwrap(commands.checkImageName(profile, region, name)),
  createImageCli: (profile: string | null, region: string, request: CreateImageRequest) =>
    unwrap(commands.createImageCli(profile, region, request)),
  checkCreateImage: (profile: string | null, region: string, request: CreateImageRequest) =>
    unwrap(commands.checkCreateImage(profile, region, request)),
  createImage: (profile: string | null, region: string, request: CreateImageRequest) =>
    unwrap(commands.createImage(profile, region, request)),
  imageProgress: (profile: string | null, region: string, imageId: string) => unwrap(commands.imageProgress(profile, region, imageId)),
  trackedImages: () => commands.trackedImages(),
  untrackImage: (imageId: string, region: string) => unwrap(commands.untrackImage(imageId, region)),
  myIp: (profile: string | null, region: string) => unwrap(commands.myIp(profile, region)),
  launchInstance: (profile: string | null, region: string, request: LaunchRequest) =>
    unwrap(commands.launchInstance(profile, region, request)),
  createLaunchTemplate: (profile: string | null, region: string, request: TemplateRequest) =>
    unwrap(commands.createLaunchTemplate(profile, region, request)),
  copyImage: (profile: string | null, region: string, request: CopyRequest) => unwrap(commands.copyImage(profile, region, request)),
  shareImage: (profile: string | null, region: string, request: ShareRequest) => unwrap(commands.shareImage(profile, region, request)),
  switchImage: (profile: string | null, region: string, imageId: string, what: ImageSwitch, deprecateAt: string | null) =>
    unwrap(commands.switchImage(profile, region, imageId, what, deprecateAt)),
  deregisterPreview: (profile: string | null, region: string, imageId: string) =>
    unwrap(commands.deregisterPreview(profile, region, imageId)),
  deregisterImage: (profile: string | null, region: string, imageId: string, deleteSnapshots: boolean) =>
    unwrap(commands.deregisterImage(profile, region, imageId, deleteSnapshots)),
  listSnapshots: (profile: string | null, region: string) => unwrap(commands.listSnapshots(profile, region)),
  runAudit: (profile: string | null, region: string, settings: AuditSettings) => unwrap(commands.runAudit(profile, region, settings)),
  fixFinding: (profile: string | null, region: string, fix: Fix, sshFrom: string | null) =>
    unwrap(commands.fixFinding(profile, region, fix, sshFrom)),
  deleteSnapshot: (profile: string | null, region: string, snapshotId: string) =>
    unwrap(commands.deleteSnapshot(profile, region, snapshotId)),
};

export function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError("internal", e instanceof Error ? e.message : String(e));
}
