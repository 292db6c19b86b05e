import type { ReactNode } from "react";
import { BookIcon, DiskIcon, GearIcon, ImageIcon, KeyIcon } from "./Icons";

export type PageId = "amis" | "snapshots" | "keys" | "learn" | "settings";

const ITEMS: { id: PageId; label: string; icon: ReactNode }[] = [
  { id: "amis", label: "AMIs", icon: <ImageIcon /> },
  { id: "snapshots", label: "Snapshots", icon: <DiskIcon /> },
  { id: "keys", label: "Key pairs", icon: <KeyIcon /> },
  { id: "learn", label: "Learn", icon: <BookIcon /> },
  { id: "settings", label: "Settings", icon: <GearIcon /> },
];

export function Sidebar({ page, onNavigate }: { page: PageId; onNavigate: (p: PageId) => void }) {
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
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
