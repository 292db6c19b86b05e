import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Finding } from "./bindings";
import { installBackend } from "./test/ipc";
import { renderApp } from "./test/render";

const open: Finding = {
  id: "ssh_open_to_world:us-east-1:sg-1",
  rule: "ssh_open_to_world",
  severity: "high",
  title: "Security group launch-wizard-1 (sg-1) allows SSH from 0.0.0.0/0",
  why: "Port 22 open to the whole internet is scanned within minutes.",
  concept: "key-mistakes",
  region: "us-east-1",
  resource: "sg-1",
  fix: { kind: "restrict_ssh", region: "us-east-1", group_id: "sg-1", open_cidr: "0.0.0.0/0" },
  fix_label: "Replace the 0.0.0.0/0 rule with one for your address only",
};
const old: Finding = { ...open, id: "old_key:us-east-1:k", rule: "old_key", severity: "low", title: "Key pair “k” is 4 years old", concept: "key-mistakes", fix: null, fix_label: null };

describe("Health check", () => {
  it("shows the finding count in the sidebar, explains each finding, and fixes one after a confirmation", async () => {
    let fixed = false;
    const sent: unknown[] = [];
    installBackend({
      audit: () => ({ findings: fixed ? [old] : [open, old], regions: ["us-east-1", "eu-west-1"], failures: [] }),
      onCall: (cmd, args) => {
        if (cmd === "fix_finding") {
          sent.push(args.fix);
          fixed = true;
        }
      },
    });
    renderApp();
    expect(await screen.findByTestId("badge-health")).toHaveTextContent("2");
    await userEvent.click(screen.getByTestId("nav-health"));
    const rows = await screen.findAllByTestId("finding");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute("data-rule", "ssh_open_to_world");
    expect(within(rows[1]).queryByTestId("fix-finding")).toBeNull();
    // "Why?" opens the concept card beside the page.
    await userEvent.click(within(rows[0]).getByTestId("info-key-mistakes"));
    expect(await screen.findByTestId("concept-panel")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("concept-close"));

    await userEvent.click(within(rows[0]).getByTestId("fix-finding"));
    expect(screen.getByTestId("fix-confirm")).toHaveTextContent("Replace the 0.0.0.0/0 rule");
    await userEvent.click(screen.getByTestId("confirm-fix"));
    await waitFor(() => expect(screen.getAllByTestId("finding")).toHaveLength(1));
    expect(sent).toEqual([open.fix]);
    await waitFor(() => expect(screen.getByTestId("badge-health")).toHaveTextContent("1"));
  });

  it("points to where a finding without a fix is dealt with", async () => {
    const lost: Finding = { ...old, id: "lost_key:us-east-1:web", rule: "lost_key", severity: "high", title: "Key pair “web” has no private key on this machine" };
    installBackend({ audit: () => ({ findings: [lost], regions: ["us-east-1"], failures: [] }) });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-health"));
    await userEvent.click(await screen.findByTestId("finding-guide"));
    expect(await screen.findByTestId("create-key")).toBeInTheDocument();
  });

  it("says all clear when there is nothing to fix", async () => {
    installBackend({ audit: () => ({ findings: [], regions: ["us-east-1"], failures: [] }) });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-health"));
    expect(await screen.findByTestId("audit-clean")).toHaveTextContent("All clear");
    expect(screen.queryByTestId("badge-health")).toBeNull();
  });
});
