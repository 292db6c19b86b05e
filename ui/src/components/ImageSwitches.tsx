import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, asAppError } from "../api";
import type { ImageDetail, ImageSwitch } from "../bindings";
import { useSession } from "../session";
import { ErrorState } from "./States";
import { InfoButton } from "../learn/InfoButton";

/** `datetime-local` gives local wall time; EC2 wants UTC to the minute, RFC 3339. */
export function toRfc3339Minute(local: string): string | null {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : `${d.toISOString().slice(0, 16)}:00Z`;
}

export function isProtected(image: ImageDetail): boolean {
  return image.deregistration_protection?.startsWith("enabled") ?? false;
}

/** The owner's on/off switches: deprecation, disabling, deregistration protection. */
export function ImageSwitches({ image }: { image: ImageDetail }) {
  const s = useSession();
  const queryClient = useQueryClient();
  const [deprecateAt, setDeprecateAt] = useState("");
  const flip = useMutation({
    mutationFn: (v: { what: ImageSwitch; at: string | null }) => api.switchImage(s.profile, s.region, image.image_id, v.what, v.at),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["image-detail"] });
      void queryClient.invalidateQueries({ queryKey: ["images"] });
    },
  });
  const at = toRfc3339Minute(deprecateAt);
  const button = (what: ImageSwitch, label: string, disabled = false) => (
    <button type="button" className="button" data-testid={`switch-${what}`} disabled={disabled || flip.isPending} onClick={() => flip.mutate({ what, at: what === "deprecate" ? at : null })}>
      {label}
    </button>
  );
  const disabled = image.state === "disabled";
  return (
    <div className="switches" data-testid="image-switches">
      <div className="switch">
        <InfoButton id="retire">Deprecate, disable or deregister?</InfoButton>
      </div>
      <div className="switch">
        {image.deprecation_time && Date.parse(image.deprecation_time) <= Date.now() ? (
          <>
            {button("undeprecate", "Undeprecate")}
            <span className="muted">Deprecated since {image.deprecation_time}. Undeprecate to list it normally again.</span>
          </>
        ) : (
          <>
            <input type="datetime-local" data-testid="deprecate-at" value={deprecateAt} onChange={(e) => setDeprecateAt(e.target.value)} aria-label="Deprecate at" />
            {button("deprecate", "Deprecate", !at)}
            <span className="muted">From then on it is hidden from listings, but still launches by id.</span>
          </>
        )}
      </div>
      <div className="switch">
        {disabled ? button("enable", "Enable") : button("disable", "Disable")}
        <span className="muted">{disabled ? "Lets people launch it again." : "Nobody can launch it until you enable it; it is not deleted."}</span>
      </div>
      <div className="switch">
        {isProtected(image) ? button("unprotect", "Unprotect") : button("protect", "Protect")}
        <span className="muted">
          {isProtected(image)
            ? "Allows deregistering it again. With cooldown, AWS keeps it protected for 24 more hours."
            : "Nobody can deregister it until protection is off, and turning it off takes 24 hours (cooldown)."}
        </span>
      </div>
      {flip.error && <ErrorState error={asAppError(flip.error)} />}
    </div>
  );
}
