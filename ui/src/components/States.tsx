import type { ReactNode } from "react";
import type { AppError } from "../api";
import { AlertIcon, RefreshIcon } from "./Icons";

const TITLES: Record<string, string> = {
  no_credentials: "No AWS credentials",
  credentials_expired: "Your AWS session has expired",
  auth_failed: "AWS did not accept these credentials",
  permission_denied: "Not allowed by IAM",
  region_disabled: "This region is not enabled",
  not_found: "Not found",
  throttled: "AWS is throttling requests",
  network: "Cannot reach AWS",
  invalid_input: "Invalid input",
  conflict: "Conflict",
  config: "Your AWS config has a problem",
  internal: "Something went wrong",
  ipc: "The app could not run that command",
};

export function ErrorState({ error, onRetry }: { error: AppError; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert" data-testid="error-state" data-code={error.code}>
      <div className="state-icon"><AlertIcon /></div>
      <h2>{TITLES[error.code] ?? TITLES.internal}</h2>
      <p className="state-message">{error.message}</p>
      <p className="state-code">Error code: <code>{error.code}</code></p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          <RefreshIcon /> Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="state" data-testid="empty-state">
      <h2>{title}</h2>
      <div className="state-message">{children}</div>
    </div>
  );
}

export function LoadingRows({ columns, rows = 5 }: { columns: number; rows?: number }) {
  return (
    <tbody aria-busy="true" data-testid="loading">
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}><span className="skeleton" /></td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
