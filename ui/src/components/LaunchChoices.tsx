import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api";
import { useSession } from "../session";

// Small, cheap, current-generation types: a beginner's first launch should not cost much.
const X86_TYPES = ["t3.micro", "t3.small", "t3.medium", "m7i.large"];
const ARM_TYPES = ["t4g.micro", "t4g.small", "m7g.large"];

/** Instance types that can run an image: Graviton (arm64) and Intel/AMD (x86_64) do not mix. */
export function instanceTypesFor(architecture: string): string[] {
  return architecture.startsWith("arm64") ? ARM_TYPES : X86_TYPES;
}

export function InstanceTypeSelect({ architecture, value, onChange, testid }: { architecture: string; value: string; onChange: (t: string) => void; testid: string }) {
  return (
    <label className="field">
      <span>Instance type <small className="muted">({architecture} image)</small></span>
      <select data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
        {instanceTypesFor(architecture).map((t) => (
          <option key={t} value={t}>{t}</option>
        ))}
      </select>
    </label>
  );
}

/** The region's key pairs, those whose private key is in the vault first (you can log
 *  in with those), and "no key pair". Picks the first vault key once the list arrives. */
export function KeyPairSelect({ value, onChange, testid }: { value: string; onChange: (name: string) => void; testid: string }) {
  const s = useSession();
  const keys = useQuery({ queryKey: ["key-pairs", s.profile, s.region, false], queryFn: () => api.listKeyPairs(s.profile, s.region, false) });
  const sorted = [...(keys.data?.key_pairs ?? [])].sort((a, b) => Number(b.local_status === "in_vault") - Number(a.local_status === "in_vault"));
  const firstInVault = sorted.find((k) => k.local_status === "in_vault")?.name;
  useEffect(() => {
    if (firstInVault) onChange(firstInVault);
    // Only the first arrival picks a default; later the user's choice stands.
  }, [firstInVault]);
  return (
    <label className="field">
      <span>Key pair</span>
      <select data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">No key pair (no SSH login)</option>
        {sorted.map((k) => (
          <option key={k.key_pair_id} value={k.name}>
            {k.name} {k.local_status === "in_vault" ? "(private key in your vault)" : "(private key not on this computer)"}
          </option>
        ))}
      </select>
    </label>
  );
}
