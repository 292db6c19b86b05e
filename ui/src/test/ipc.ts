// A fake Rust side for UI tests: mockIPC answers invoke() by command name.
// The command names and payload shapes are the generated bindings' own.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AuditReport, KeyPairStatus,
  CreateImageRequest,
  DeregisterPreview,
  Identity,
  ImageDetail,
  ImageListing,
  ImageProgress,
  ImageQuery,
  ImageScope,
  ImageSummary,
  KeyInventory,
  ProfileList,
  SnapshotListing,
  SourceInstance,
  SshAdvice,
  TrackedImage,
  Error as IpcError,
} from "../bindings";

export interface FakeBackend {
  audit?: () => AuditReport | IpcError;
  identity?: Identity | IpcError | ((profile: string | null) => Identity | IpcError);
  keyPairs?: (region: string, allRegions: boolean) => KeyInventory | IpcError;
  images?: (region: string, scope: ImageScope, query: ImageQuery) => ImageListing | IpcError;
  imageDetail?: (imageId: string) => ImageDetail | IpcError;
  sources?: SourceInstance[];
  /** Names taken in the region: check_image_name reports them as duplicates. */
  imageNames?: string[];
  /** The nth (0-based) image_progress call for an image. */
  progress?: (imageId: string, call: number) => ImageProgress;
  tracked?: () => TrackedImage[];
  deregisterPreview?: DeregisterPreview;
  snapshots?: SnapshotListing;
  ssh?: (instanceId: string, call: number) => SshAdvice;
  regions?: string[];
  profiles?: ProfileList;
  /** Sees every command with its arguments (to check what the UI sent). */
  onCall?: (cmd: string, args: Record<string, unknown>) => void;
}

export const identity: Identity = { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ana", endpoint_url: null, practice: false };
export const practiceIdentity: Identity = { account: "111122223333", arn: "arn:aws:iam::111122223333:user/practice", endpoint_url: "http://127.0.0.1:4567", practice: true };

export const image = (name: string, extra: Partial<ImageSummary> = {}): ImageSummary => ({
  image_id: `ami-${name}`,
  name,
  description: null,
  owner_id: "123456789012",
  owner_alias: null,
  architecture: "x86_64",
  platform: null,
  platform_details: "Linux/UNIX",
  state: "available",
  public: false,
  created: "2026-01-01T00:00:00Z",
  deprecation_time: null,
  trust: { level: "mine", publisher: null, warning: null },
  ...extra,
});

export const detail = (summary: ImageSummary, extra: Partial<ImageDetail> = {}): ImageDetail => ({
  ...summary,
  region: "us-east-1",
  state_reason: null,
  boot_mode: "uefi-preferred",
  virtualization_type: "hvm",
  ena_support: true,
  imds_support: "v2.0",
  root_device_type: "ebs",
  root_device_name: "/dev/xvda",
  block_devices: [{ device_name: "/dev/xvda", snapshot_id: "snap-root", size_gib: 8, volume_type: "gp3", encrypted: true, delete_on_termination: true }],
  product_codes: [],
  tags: [],
  launch_permissions: [],
  deregistration_protection: null,
  last_launched: null,
  source_instance_id: "i-source",
  source_image_id: null,
  source_region: null,
  copies: [],
  instances: [],
  snapshot_monthly_cost_usd: 0.4,
  owned: summary.trust.level === "mine",
  ...extra,
});

function isError(v: unknown): v is IpcError {
  return typeof v === "object" && v !== null && "code" in v && "message" in v;
}

const invalid = (message: string) => Promise.reject({ code: "invalid_input", message });

export function installBackend(b: FakeBackend): string[] {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  // How many times this command was called for this id before (for "pending, then available").
  const nth = (key: string) => {
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return n;
  };
  mockWindows("main");
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const a = (args ?? {}) as Record<string, unknown>;
    b.onCall?.(cmd, a);
    const answer = (v: unknown) => (isError(v) ? Promise.reject(v) : v);
    switch (cmd) {
      case "get_preferences":
        return { profile: null, region: "us-east-1" };
      case "save_preferences":
        return null;
      case "default_region":
        return "us-east-1";
      case "list_profiles":
        return b.profiles ?? { profiles: [], selected: "default", env_credentials: true };
      case "app_status":
        return answer(typeof b.identity === "function" ? b.identity(a.profile as string | null) : (b.identity ?? identity));
      case "reset_practice":
        return null;
      case "check_key_name":
        return (a.name as string).trim() !== a.name ? invalid("Key pair names cannot start or end with a space.") : null;
      case "create_key":
        return {
          entry: { id: "key/1", name: a.name, key_type: a.keyType, bits: null, fingerprints: [], public_key: "", created: "", source: "generated_here", links: [], encrypted: false, saved_to: [] },
          imported: [{ account: "123456789012", region: (a.regions as string[])[0], key_pair_id: "key-new", key_pair_name: a.name }],
          failures: [],
        };
      case "list_regions":
        return (b.regions ?? ["us-east-1", "eu-west-1"]).map((name) => ({ name, opt_in_status: "opt-in-not-required" }));
      case "list_key_pairs":
        return answer(
          b.keyPairs
            ? b.keyPairs(a.region as string, a.allRegions as boolean)
            : { key_pairs: [], regions: [a.region], failures: [], local_only: [], pending: [], lost_from_keychain: [], instance_failures: [] },
        );
      case "list_images":
        return answer(
          b.images
            ? b.images(a.region as string, a.scope as ImageScope, a.query as ImageQuery)
            : { region: a.region, scope: a.scope, images: [], truncated: false },
        );
      case "image_detail":
        return b.imageDetail ? answer(b.imageDetail(a.imageId as string)) : Promise.reject({ code: "not_found", message: `${a.imageId} does not exist.` });
      case "image_sources":
        return b.sources ?? [];
      case "check_image_name": {
        const name = a.name as string;
        if (name.length < 3) return invalid("AMI names are at least 3 characters.");
        if (b.imageNames?.includes(name)) return invalid(`An AMI named “${name}” exists already in ${a.region}.`);
        return null;
      }
      case "create_image_cli": {
        const r = a.request as CreateImageRequest;
        return `aws ec2 create-image --region ${a.region} --instance-id ${r.instance_id} --name '${r.name}'${r.no_reboot ? " --no-reboot" : ""}`;
      }
      case "check_create_image":
        return null;
      case "create_image":
        return "ami-new";
      case "image_progress": {
        const id = a.imageId as string;
        const n = nth(`progress/${id}`);
        if (b.progress) return b.progress(id, n);
        const done = n > 0;
        return { image_id: id, region: a.region, name: "new", state: done ? "available" : "pending", state_reason: null, snapshots: [{ snapshot_id: "snap-new", state: done ? "completed" : "pending", progress: done ? "100%" : "40%" }], done };
      }
      case "tracked_images":
        return b.tracked?.() ?? [];
      case "untrack_image":
        return null;
      case "my_ip":
        return "203.0.113.7/32";
      case "launch_instance":
        return { instance_id: "i-launched", security_group_id: "sg-ssh", region: a.region, cli: "aws ec2 run-instances …" };
      case "ssh_command": {
        const id = a.instanceId as string;
        const n = nth(`ssh/${id}`);
        if (b.ssh) return b.ssh(id, n);
        return { instance_id: id, instance_name: null, state: "running", region: a.region, user: "ec2-user", host: "203.0.113.9", key_name: null, vault_name: null, key_path: null, command: null, needs_saved_key: false, windows: false, notes: ["No key pair: log in with EC2 Instance Connect instead."] };
      }
      case "create_launch_template":
        return { launch_template_id: "lt-0123", name: (a.request as { name: string }).name, region: a.region };
      case "copy_image":
        return { copies: [], failures: [] };
      case "share_image":
      case "switch_image":
      case "delete_snapshot":
        return null;
      case "deregister_preview":
        return b.deregisterPreview ?? Promise.reject({ code: "not_found", message: "no preview" });
      case "deregister_image":
        return { image_id: a.imageId, snapshots: (b.deregisterPreview?.deleted ?? []).map((f) => ({ snapshot_id: f.snapshot_id, result: "success" })) };
      case "list_snapshots":
        return b.snapshots ?? { region: a.region, snapshots: [], monthly_cost_usd: 0, orphan_monthly_cost_usd: 0, usd_per_gb_month: 0.05 };
      case "run_audit":
        return answer(b.audit ? b.audit() : { findings: [], regions: [a.region], failures: [] });
      case "fix_finding":
        return "Fixed.";
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }, { shouldMockEvents: true });
  return calls;
}

/** A key pair in us-east-1, with its private key in the vault or not. */
export const keyPair = (name: string, local: KeyPairStatus["local_status"]): KeyPairStatus => ({
  region: "us-east-1",
  name,
  key_pair_id: `key-${name}`,
  key_type: "ed25519",
  fingerprint: "x",
  created: null,
  tags: [],
  local_status: local,
  vault_name: local === "in_vault" ? name : null,
  instances: [],
});

/** A one-region key inventory with nothing else to report. */
export const inventory = (key_pairs: KeyPairStatus[]): KeyInventory => ({
  key_pairs,
  regions: ["us-east-1"],
  failures: [],
  local_only: [],
  pending: [],
  lost_from_keychain: [],
  instance_failures: [],
});
