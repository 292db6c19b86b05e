// A fake Rust side for UI tests: mockIPC answers invoke() by command name.
// The command names and payload shapes are the generated bindings' own.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { Identity, ImageListing, ImageScope, KeyInventory, ProfileList, Error as IpcError } from "../bindings";

export interface FakeBackend {
  identity?: Identity | IpcError | ((profile: string | null) => Identity | IpcError);
  keyPairs?: (region: string, allRegions: boolean) => KeyInventory | IpcError;
  images?: (region: string, scope: ImageScope) => ImageListing | IpcError;
  regions?: string[];
  profiles?: ProfileList;
}

export const identity: Identity = { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ana", endpoint_url: null, practice: false };
export const practiceIdentity: Identity = { account: "111122223333", arn: "arn:aws:iam::111122223333:user/practice", endpoint_url: "http://127.0.0.1:4567", practice: true };

function isError(v: unknown): v is IpcError {
  return typeof v === "object" && v !== null && "code" in v && "message" in v;
}

export function installBackend(b: FakeBackend): string[] {
  const calls: string[] = [];
  mockWindows("main");
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const a = (args ?? {}) as Record<string, unknown>;
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
        return (a.name as string).trim() !== a.name ? Promise.reject({ code: "invalid_input", message: "Key pair names cannot start or end with a space." }) : null;
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
            ? b.images(a.region as string, a.scope as ImageScope)
            : { region: a.region, scope: a.scope, images: [], truncated: false },
        );
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  }, { shouldMockEvents: true });
  return calls;
}
