import { useMutation } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import { useSession } from "../session";
import { ErrorState } from "./States";
import { Opens } from "./ImportKeyPanel";

/** Find loose private keys in ~/.ssh or a folder the user picks: what each opens,
 *  whether the vault has it already, and whether ssh would refuse it. */
export function ScanPanel({ onImport, onClose }: { onImport: (path: string) => void; onClose: () => void }) {
  const s = useSession();
  const scan = useMutation({ mutationFn: (dirs: string[]) => api.scanKeyFiles(s.profile, s.region, dirs) });
  const pickFolder = async () => {
    const dir = await api.pickPath("folder");
    if (dir) scan.mutate([dir]);
  };
  return (
    <div className="panel" data-testid="scan-panel">
      <h2>Find loose private keys</h2>
      <p className="muted">
        Amikey reads the files (nothing leaves this computer), works out which key pairs each opens in every region,
        and offers to move each into your vault.
      </p>
      <div className="row">
        <button type="button" className="button button-primary" data-testid="scan-ssh" onClick={() => scan.mutate([])} disabled={scan.isPending}>
          {scan.isPending ? "Scanning…" : "Scan ~/.ssh"}
        </button>
        <button type="button" className="button" onClick={() => void pickFolder()} disabled={scan.isPending}>
          Scan a folder…
        </button>
        <button type="button" className="button" onClick={onClose}>Close</button>
      </div>
      {scan.error && <ErrorState error={asAppError(scan.error)} />}
      {scan.data && scan.data.length === 0 && <p data-testid="scan-empty">No private key files there.</p>}
      {scan.data && scan.data.length > 0 && (
        <ul className="file-list" data-testid="scan-results">
          {scan.data.map((m) => (
            <li key={m.path} data-testid="scan-row">
              <div className="mono-soft">{m.path}</div>
              <div>
                <Opens m={m} />
                {m.encrypted && <span className="pill">passphrase</span>}
                {m.too_open && <span className="pill pill-not_on_this_machine" title="ssh refuses private keys that others can read">readable by others</span>}
              </div>
              {m.vault_name ? (
                <small className="muted">A loose copy of “{m.vault_name}”, which is in your vault. Moving it in lets you delete the copy safely.</small>
              ) : null}
              {!m.problem && (
                <button type="button" className="link-button" onClick={() => onImport(m.path)}>
                  {m.vault_name ? "Check and delete the copy…" : "Move into vault…"}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
