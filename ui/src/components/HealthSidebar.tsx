import { useAudit } from "../health";
import { Sidebar, type PageId } from "./Sidebar";

/** The sidebar with the health check's finding count on its entry (the check runs
 *  in the background at start and is reused by the Health page). */
export function HealthSidebar({ page, onNavigate }: { page: PageId; onNavigate: (p: PageId) => void }) {
  const audit = useAudit();
  return <Sidebar page={page} onNavigate={onNavigate} badges={{ health: audit.data?.findings.length ?? 0 }} />;
}
