import type { Trust, TrustLevel } from "../bindings";

const LABEL: Record<TrustLevel, string> = {
  mine: "Yours",
  aws: "AWS",
  marketplace: "Marketplace",
  verified_publisher: "Verified publisher",
  community: "Community",
};

const HELP: Record<TrustLevel, string> = {
  mine: "Made by this account.",
  aws: "Published by Amazon.",
  marketplace: "Sold through AWS Marketplace; the seller is vetted by AWS.",
  verified_publisher: "Published by a well-known operating-system vendor.",
  community: "Published by someone else: anyone can publish a public AMI. Check who before you trust it.",
};

/** Who published an image, and how far to trust it; a lookalike warning stands out. */
export function TrustBadge({ trust }: { trust: Trust }) {
  return (
    <span className="trust">
      <span className={`pill trust-${trust.level}`} data-testid="trust-badge" data-level={trust.level} title={HELP[trust.level]}>
        {trust.publisher && trust.level !== "mine" ? `${LABEL[trust.level]}: ${trust.publisher}` : LABEL[trust.level]}
      </span>
      {trust.warning && (
        <span className="trust-warning" role="note" data-testid="trust-warning" title={trust.warning}>
          ⚠ {trust.warning}
        </span>
      )}
    </span>
  );
}
