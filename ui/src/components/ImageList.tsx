import { useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { ImageSummary } from "../bindings";
import { formatDate } from "../format";
import { TrustBadge } from "./TrustBadge";

const ROW_HEIGHT = 52;
const HEADERS = ["Name", "ID", "Owner", "Arch", "Platform", "State", "Created", "Publisher"];

export function ownerLabel(i: ImageSummary): string {
  if (i.owner_alias === "amazon") return "Amazon";
  if (i.owner_alias === "aws-marketplace") return "Marketplace";
  return i.owner_alias ?? i.owner_id;
}

export function platformLabel(i: ImageSummary): string {
  return i.platform_details ?? (i.platform === "windows" ? "Windows" : "Linux/UNIX");
}

/** The catalogue as a virtualised grid: only the rows in view exist in the DOM, so a
 *  public search returning 100,000 images scrolls as smoothly as ten. Rows have a
 *  fixed height for the same reason (nothing to measure). */
export function ImageList({ images, selected, onSelect }: { images: ImageSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: images.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => images[i].image_id,
  });
  return (
    <div className="image-list" role="grid" aria-label="Images" aria-rowcount={images.length} data-testid="images-table">
      <div className="image-grid image-head" role="row">
        {HEADERS.map((h) => (
          <span key={h} role="columnheader">{h}</span>
        ))}
      </div>
      <div className="image-scroll" ref={scroller}>
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {virtual.getVirtualItems().map((row) => {
            const i = images[row.index];
            return (
              <div
                key={row.key}
                role="row"
                tabIndex={0}
                aria-rowindex={row.index + 2}
                aria-selected={i.image_id === selected}
                className="image-grid image-row"
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                data-testid="image-row"
                data-name={i.name}
                data-id={i.image_id}
                onClick={() => onSelect(i.image_id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onSelect(i.image_id);
                  }
                }}
              >
                <span role="gridcell" className="image-name" title={i.description ?? i.name}>{i.name}</span>
                <span role="gridcell"><code>{i.image_id}</code></span>
                <span role="gridcell" className="ellipsis" title={i.owner_id}>{ownerLabel(i)}</span>
                <span role="gridcell">{i.architecture}</span>
                <span role="gridcell" className="ellipsis">{platformLabel(i)}</span>
                <span role="gridcell">
                  <span className={`pill state-${i.state}`}>{i.state}</span>
                  {i.deprecation_time && Date.parse(i.deprecation_time) <= Date.now() && (
                    <span className="pill state-deprecated" title={i.deprecation_time}>deprecated</span>
                  )}
                </span>
                <span role="gridcell">{i.created ? formatDate(i.created) : "—"}</span>
                <span role="gridcell" className="ellipsis"><TrustBadge trust={i.trust} /></span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
