import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ImageQuery, ImageScope, ImageSummary, LaunchRequest, SourceInstance, TrackedImage } from "./bindings";
import { detail, image, installBackend, inventory, keyPair } from "./test/ipc";
import { renderApp } from "./test/render";

const listing = (images: ImageSummary[]) => (region: string, scope: ImageScope) => ({ region, scope, images: scope === "mine" ? images : [], truncated: false });

async function openAmis() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-amis"));
}

describe("AMI catalogue", () => {
  it("shows who published each image, and warns about a lookalike", async () => {
    const queries: ImageQuery[] = [];
    const fake = image("ubuntu-24.04-official", {
      owner_id: "999988887777",
      trust: { level: "community", publisher: null, warning: "Looks like Canonical's Ubuntu, but Canonical did not publish it." },
    });
    const real = image("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server", {
      owner_id: "099720109477",
      trust: { level: "verified_publisher", publisher: "Canonical", warning: null },
    });
    installBackend({
      images: (region, scope, query) => {
        queries.push(query);
        return { region, scope, images: scope === "public" ? [fake, real] : [], truncated: false };
      },
    });
    await openAmis();
    await userEvent.click(await screen.findByTestId("tab-public"));
    // Public search waits for a name: no call for an empty one.
    expect(await screen.findByText("Type a name to search public images")).toBeInTheDocument();
    await userEvent.type(screen.getByTestId("filter-name"), "*ubuntu*");
    const fakeRow = await screen.findByText("ubuntu-24.04-official");
    const row = fakeRow.closest<HTMLElement>("[data-testid=image-row]")!;
    expect(row).toHaveAttribute("data-id", "ami-ubuntu-24.04-official");
    expect(within(row).getByTestId("trust-badge")).toHaveTextContent("Community");
    expect(within(row).getByTestId("trust-warning")).toHaveTextContent("Canonical did not publish it");
    const realRow = screen.getByText("ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server").closest<HTMLElement>("[data-testid=image-row]")!;
    expect(within(realRow).getByTestId("trust-badge")).toHaveTextContent("Verified publisher: Canonical");
    expect(within(realRow).queryByTestId("trust-warning")).toBeNull();
    expect(queries.at(-1)).toMatchObject({ name: "*ubuntu*", include_deprecated: false });
  });

  it("renders only the rows in view of a 100,000-image list, and opens a row's details", async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => image(`img-${String(i).padStart(6, "0")}`));
    installBackend({
      images: listing(many),
      imageDetail: (id) => detail(many.find((i) => i.image_id === id)!, { copies: [{ region: "eu-west-1", image_id: "ami-copy" }], instances: ["i-web"] }),
    });
    await openAmis();
    await screen.findByText("img-000000");
    expect(screen.getAllByTestId("image-row").length).toBeLessThan(60);
    expect(screen.getByText("100000 images")).toBeInTheDocument();
    await userEvent.click(screen.getByText("img-000002"));
    const panel = await screen.findByTestId("image-detail");
    expect(await within(panel).findByText("uefi-preferred")).toBeInTheDocument();
    expect(within(panel).getByText("IMDSv2 only (token required)")).toBeInTheDocument();
    expect(within(panel).getByText("snap-root")).toBeInTheDocument();
    expect(within(panel).getByText("ami-copy (eu-west-1)")).toBeInTheDocument();
    expect(within(panel).getByText("about $0.40 per month")).toBeInTheDocument();
    expect(within(panel).getByTestId("deregister-image")).toBeInTheDocument();
  });
});

const source = (id: string, name: string, extra: Partial<SourceInstance> = {}): SourceInstance => ({
  instance_id: id,
  name,
  state: "running",
  image_id: "ami-base",
  eligible: true,
  reason: null,
  volumes: [{ device_name: "/dev/xvda", volume_id: "vol-1", size_gib: 8, volume_type: "gp3", encrypted: true, delete_on_termination: true, root: true }],
  ...extra,
});

describe("Create-image wizard", () => {
  it("validates the name live, shows the CLI, checks permission and follows the new image", async () => {
    const calls = installBackend({
      sources: [source("i-web", "web-1"), source("i-store", "store", { eligible: false, reason: "Instance-store backed: no EBS volumes to snapshot." })],
      imageNames: ["web-golden"],
    });
    await openAmis();
    await userEvent.click(screen.getByTestId("create-image"));
    const wizard = screen.getByTestId("image-wizard");
    const store = await within(wizard).findByText("store");
    expect(within(store.closest("label")!).getByRole("radio")).toBeDisabled();
    expect(within(wizard).getByText(/Instance-store backed/)).toBeInTheDocument();
    expect(screen.getByTestId("wizard-next")).toBeDisabled();
    await userEvent.click(within(wizard).getByText("web-1"));
    await userEvent.click(screen.getByTestId("wizard-next"));

    await userEvent.type(screen.getByTestId("image-name"), "ab");
    await waitFor(() => expect(screen.getByTestId("image-name-help")).toHaveTextContent("AMI names are at least 3 characters."));
    expect(screen.getByTestId("wizard-next")).toBeDisabled();
    await userEvent.type(screen.getByTestId("image-name"), "c");
    await userEvent.clear(screen.getByTestId("image-name"));
    await userEvent.type(screen.getByTestId("image-name"), "web-golden");
    await waitFor(() => expect(screen.getByTestId("image-name-help")).toHaveTextContent("exists already in us-east-1"));
    await userEvent.type(screen.getByTestId("image-name"), "-2");
    await waitFor(() => expect(screen.getByTestId("image-name-help")).toHaveTextContent("valid and free"));
    await userEvent.click(screen.getByTestId("wizard-next"));

    await userEvent.click(screen.getByTestId("no-reboot"));
    expect(screen.getByTestId("no-reboot-warning")).toHaveTextContent("crash-consistent");
    await userEvent.click(screen.getByTestId("wizard-next"));
    // The root volume is the image: it cannot be left out.
    expect(screen.getByLabelText("Include /dev/xvda")).toBeDisabled();
    await userEvent.click(screen.getByTestId("add-volume"));
    expect(screen.getByTestId("new-volume")).toHaveTextContent("/dev/sdf");
    await userEvent.click(screen.getByTestId("wizard-next"));

    await userEvent.click(screen.getByTestId("tag-add"));
    await userEvent.type(screen.getByTestId("tag-key"), "aws:role");
    expect(screen.getByTestId("tag-problem")).toHaveTextContent("reserved for AWS");
    expect(screen.getByTestId("wizard-next")).toBeDisabled();
    await userEvent.clear(screen.getByTestId("tag-key"));
    await userEvent.type(screen.getByTestId("tag-key"), "role");
    await userEvent.click(screen.getByTestId("wizard-next"));

    expect(await screen.findByTestId("image-cli")).toHaveTextContent("aws ec2 create-image --region us-east-1 --instance-id i-web --name 'web-golden-2' --no-reboot");
    await userEvent.click(screen.getByTestId("dry-run"));
    expect(await screen.findByTestId("dry-run-result")).toHaveTextContent("Allowed");
    await userEvent.click(screen.getByTestId("wizard-create"));
    expect(await screen.findByTestId("image-progress")).toHaveTextContent("ami-new");
    expect(screen.getByTestId("progress-state")).toHaveTextContent("pending");
    await waitFor(() => expect(screen.getByTestId("progress-state")).toHaveTextContent("available"), { timeout: 4000 });
    expect(calls).toContain("create_image");
  });
});


describe("Image actions", () => {
  it("launch refuses SSH from the whole internet without a confirmation", async () => {
    const arm = image("graviton-web", { architecture: "arm64" });
    let sent: LaunchRequest | null = null;
    installBackend({
      images: listing([arm]),
      imageDetail: () => detail(arm),
      keyPairs: () => inventory([keyPair("lost", "not_on_this_machine"), keyPair("deploy", "in_vault")]),
      onCall: (cmd, args) => {
        if (cmd === "launch_instance") sent = args.request as LaunchRequest;
      },
      ssh: (id, n) => ({
        instance_id: id, instance_name: "web", state: n === 0 ? "pending" : "running", region: "us-east-1", user: "ec2-user", host: "203.0.113.9",
        key_name: "deploy", vault_name: "deploy", key_path: "~/.ssh/deploy", command: "ssh -i ~/.ssh/deploy ec2-user@203.0.113.9", needs_saved_key: false, windows: false, notes: [],
      }),
    });
    await openAmis();
    await userEvent.click(await screen.findByText("graviton-web"));
    await userEvent.click(await screen.findByTestId("launch-from-image"));
    const type = screen.getByTestId("launch-type");
    expect(type).toHaveValue("t4g.micro");
    expect(within(type).queryByText("t3.micro")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("launch-key")).toHaveValue("deploy"));
    const from = screen.getByTestId("launch-ssh-from");
    await waitFor(() => expect(from).toHaveValue("203.0.113.7/32"));

    await userEvent.clear(from);
    await userEvent.type(from, "0.0.0.0/0");
    expect(screen.getByTestId("launch-world-warning")).toHaveTextContent("the whole internet");
    expect(screen.getByTestId("launch-submit")).toBeDisabled();
    await userEvent.click(screen.getByTestId("launch-allow-world"));
    await userEvent.type(screen.getByTestId("launch-name"), "web");
    await userEvent.click(screen.getByTestId("launch-submit"));

    expect(await screen.findByTestId("launch-result")).toHaveTextContent("i-launched");
    expect(sent).toMatchObject({ image_id: "ami-graviton-web", instance_type: "t4g.micro", key_name: "deploy", ssh_from: "0.0.0.0/0", allow_world_ssh: true, name: "web" });
    expect(screen.getByTestId("launch-state")).toHaveTextContent("pending");
    await waitFor(() => expect(screen.getByTestId("launch-state")).toHaveTextContent("running"), { timeout: 4000 });
    expect(screen.getByTestId("launch-ssh-command")).toHaveTextContent("ssh -i ~/.ssh/deploy ec2-user@203.0.113.9");
  });

  it("launch can create a key pair inline, and picks it", async () => {
    const img = image("web-base");
    let keys = [keyPair("lost", "not_on_this_machine")];
    let sent: LaunchRequest | null = null;
    installBackend({
      images: listing([img]),
      imageDetail: () => detail(img),
      keyPairs: () => inventory(keys),
      onCall: (cmd, args) => {
        if (cmd === "create_key") keys = [...keys, keyPair(args.name as string, "in_vault")];
        if (cmd === "launch_instance") sent = args.request as LaunchRequest;
      },
    });
    await openAmis();
    await userEvent.click(await screen.findByText("web-base"));
    await userEvent.click(await screen.findByTestId("launch-from-image"));
    await userEvent.click(screen.getByTestId("launch-new-key"));
    await userEvent.type(screen.getByTestId("key-name"), "fresh");
    await waitFor(() => expect(screen.getByTestId("create-key-submit")).toBeEnabled());
    await userEvent.click(screen.getByTestId("create-key-submit"));
    await screen.findByTestId("create-result");
    await waitFor(() => expect(screen.getByTestId("launch-key")).toHaveValue("fresh"));
    await userEvent.click(screen.getByTestId("launch-submit"));
    await screen.findByTestId("launch-result");
    expect(sent).toMatchObject({ key_name: "fresh" });
  });

  it("deregister previews the snapshots it deletes and keeps, then reports each", async () => {
    const golden = image("golden");
    installBackend({
      images: listing([golden]),
      imageDetail: () => detail(golden),
      deregisterPreview: {
        image_id: golden.image_id,
        name: "golden",
        region: "us-east-1",
        deleted: [{ snapshot_id: "snap-root", size_gib: 8, kept_for: [] }],
        kept: [{ snapshot_id: "snap-shared", size_gib: 20, kept_for: ["ami-other"] }],
        monthly_cost_freed_usd: 0.4,
        protected: false,
        launch_templates: ["lt-web"],
        instances: [],
      },
    });
    await openAmis();
    await userEvent.click(await screen.findByText("golden"));
    await userEvent.click(await screen.findByTestId("deregister-image"));
    const panel = screen.getByTestId("deregister-panel");
    expect(await within(panel).findByTestId("deregister-deleted")).toHaveTextContent("snap-root · 8 GiB");
    expect(within(panel).getByText("Saves about $0.40 per month.")).toBeInTheDocument();
    expect(within(panel).getByTestId("deregister-kept")).toHaveTextContent("snap-shared · 20 GiB · used by ami-other");
    expect(within(panel).getByTestId("deregister-templates")).toHaveTextContent("lt-web");
    expect(within(panel).getByTestId("deregister-delete-snapshots")).toBeChecked();
    await userEvent.click(screen.getByTestId("confirm-deregister"));
    expect(await screen.findByTestId("deregister-result")).toHaveTextContent("snap-root: deleted");
  });

  it("blocks deregistering a protected image", async () => {
    const golden = image("golden");
    installBackend({
      images: listing([golden]),
      imageDetail: () => detail(golden, { deregistration_protection: "enabled-with-cooldown" }),
      deregisterPreview: { image_id: golden.image_id, name: "golden", region: "us-east-1", deleted: [], kept: [], monthly_cost_freed_usd: null, protected: true, launch_templates: [], instances: [] },
    });
    await openAmis();
    await userEvent.click(await screen.findByText("golden"));
    expect(await screen.findByTestId("switch-unprotect")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("deregister-image"));
    expect(await screen.findByTestId("deregister-protected")).toBeInTheDocument();
    expect(screen.getByTestId("confirm-deregister")).toBeDisabled();
  });

  it("a launch template defaults to a valid name built from the image's", async () => {
    const img = image("web server [v2]");
    installBackend({ images: listing([img]), imageDetail: () => detail(img) });
    await openAmis();
    await userEvent.click(await screen.findByText("web server [v2]"));
    await userEvent.click(await screen.findByTestId("template-from-image"));
    expect(screen.getByTestId("template-name")).toHaveValue("web-server--v2--template");
    await userEvent.click(screen.getByTestId("template-submit"));
    expect(await screen.findByTestId("template-result")).toHaveTextContent("lt-0123");
  });
});

describe("Progress tray and snapshots", () => {
  it("announces a finished image and forgets it once dismissed", async () => {
    let tracked: TrackedImage[] = [{ image_id: "ami-done", region: "us-east-1", profile: null, action: "create", started: "2026-05-01T10:00:00Z" }];
    const calls = installBackend({
      tracked: () => tracked,
      onCall: (cmd) => {
        if (cmd === "untrack_image") tracked = [];
      },
      progress: (id) => ({ image_id: id, region: "us-east-1", name: "web-golden", state: "available", state_reason: null, snapshots: [], done: true }),
    });
    renderApp();
    const done = await screen.findByTestId("image-done");
    expect(done).toHaveTextContent("“web-golden” (ami-done, us-east-1) is available");
    // It stays until dismissed, across pages.
    await userEvent.click(screen.getByTestId("nav-snapshots"));
    expect(screen.getByTestId("image-done")).toBeInTheDocument();
    expect(calls).not.toContain("untrack_image");
    await userEvent.click(within(done).getByTestId("image-done-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("image-done")).toBeNull());
    expect(calls).toContain("untrack_image");
  });

  it("lists snapshots with their cost and highlights orphans", async () => {
    installBackend({
      snapshots: {
        region: "us-east-1",
        usd_per_gb_month: 0.05,
        monthly_cost_usd: 1.4,
        orphan_monthly_cost_usd: 1.0,
        snapshots: [
          { snapshot_id: "snap-used", volume_size_gib: 8, state: "completed", progress: "100%", description: null, started: "2026-01-01T00:00:00Z", encrypted: true, used_by: ["ami-golden"], orphan: false, made_for: "ami-golden", monthly_cost_usd: 0.4 },
          { snapshot_id: "snap-orphan", volume_size_gib: 20, state: "completed", progress: "100%", description: "old", started: "2025-01-01T00:00:00Z", encrypted: false, used_by: [], orphan: true, made_for: "ami-gone", monthly_cost_usd: 1.0 },
        ],
      },
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-snapshots"));
    const orphan = (await screen.findAllByTestId("snapshot-row")).find((r) => r.dataset.id === "snap-orphan")!;
    expect(orphan).toHaveClass("orphan");
    expect(within(orphan).getByTestId("orphan")).toBeInTheDocument();
    expect(within(orphan).getByText("$1.00")).toBeInTheDocument();
    expect(screen.getByTestId("snapshot-totals")).toHaveTextContent("about $1.40 per month; 1 orphan cost $1.00 of that");
    expect(screen.getByTestId("snapshot-totals")).toHaveTextContent("$0.05 per GB-month, EBS standard");
    await userEvent.click(within(orphan).getByTestId("delete-snapshot"));
    await userEvent.click(within(orphan).getByTestId("confirm-delete-snapshot"));
    await waitFor(() => expect(within(orphan).queryByTestId("confirm-delete-snapshot")).toBeNull());
  });
});

describe("Deprecation time", () => {
  it("turns the local date-time input into UTC RFC 3339, to the minute", async () => {
    const { toRfc3339Minute } = await import("./components/ImageSwitches");
    expect(toRfc3339Minute("2026-05-01T10:30")).toMatch(/^2026-05-0[12]T\d\d:\d0:00Z$/);
    expect(toRfc3339Minute("")).toBeNull();
  });
});
