// The health check is one query shared by the Health page and the sidebar badge.
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import type { AuditSettings } from "./bindings";
import { useSession } from "./session";

export const DEFAULT_AUDIT: AuditSettings = { max_key_age_days: 365, unused_ami_days: 90, max_instances_per_key: 5 };

export function useAudit(settings: AuditSettings = DEFAULT_AUDIT, enabled = true) {
  const s = useSession();
  return useQuery({
    queryKey: ["audit", s.profile, s.region, settings],
    queryFn: () => api.runAudit(s.profile, s.region, settings),
    enabled,
    // Every region is asked: not on every render.
    staleTime: 5 * 60_000,
  });
}
