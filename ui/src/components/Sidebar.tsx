import type { ReactNode } from "react";
import { AlertIcon, BookIcon, DiskIcon, GearIcon, ImageIcon, KeyIcon } from "./Icons";

export type PageId = "amis" | "snapshots" | "keys" | "health" | "learn" | "settings";

const ITEMS: { id: PageId; label: string; icon: ReactNode }[] = [
  { id: "amis", label: "AMIs", icon: <ImageIcon /> },
  { id: "snapshots", label: "Snapshots", icon: <DiskIcon /> },
  { id: "keys", label: "Key pairs", icon: <KeyIcon /> },
  { id: "health", label: "Health check", icon: <AlertIcon /> },
  { id: "learn", label: "Learn", icon: <BookIcon /> },
  { id: "settings", label: "Settings", icon: <GearIcon /> },
];

/** `badges`: a count shown next to a page (the health check's findings). */
export function Sidebar({ page, onNavigate, badges = {} }: { page: PageId; onNavigate: (p: PageId) => void; badges?: Partial<Record<PageId, number>> }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <span>Amikey</span>
      </div>
      <ul>
        {ITEMS.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="nav-item"
              aria-current={page === item.id ? "page" : undefined}
              data-testid={`nav-${item.id}`}
              onClick={() => onNavigate(item.id)}
            >
              {item.icon}
              <span>{item.label}</span>
              {!!badges[item.id] && (
                <span className="nav-badge" data-testid={`badge-${item.id}`} aria-label={`${badges[item.id]} findings`}>
                  {badges[item.id]}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
