import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { identity, image, installBackend, practiceIdentity } from "./test/ipc";
import { renderApp } from "./test/render";
import { PRACTICE_PROFILE } from "./bindings";
import type { KeyPairStatus } from "./bindings";

const kp = (name: string, region: string, extra: Partial<KeyPairStatus> = {}): KeyPairStatus => ({
  region,
  name,
  key_pair_id: `key-${name}`,
  key_type: "ed25519",
  fingerprint: "SHA256:abc",
  created: "2026-01-02T03:04:05Z",
  tags: [],
  local_status: "not_on_this_machine",
  vault_name: null,
  instances: [],
  ...extra,
});

describe("Key pairs page", () => {
  it("lists the key pairs of the selected region", async () => {
    installBackend({
      keyPairs: (region) => ({
        key_pairs: region === "us-east-1" ? [kp("deploy", region, { tags: [{ key: "team", value: "web" }] })] : [],
        regions: [region],
        failures: [],
        local_only: [],
        lost_from_keychain: [],
        instance_failures: [],
        pending: [],
      }),
    });
    renderApp();
    const row = await screen.findByText("deploy");
    const tr = row.closest("tr")!;
    expect(within(tr).getByText("key-deploy")).toBeInTheDocument();
    expect(within(tr).getByText("ED25519")).toBeInTheDocument();
    expect(within(tr).getByText("team=web")).toBeInTheDocument();
    expect(await screen.findByTestId("mode-badge")).toHaveTextContent("123456789012");
  });

  it("switching region changes the list, and shows the empty state", async () => {
    installBackend({
      keyPairs: (region) => ({
        key_pairs: region === "us-east-1" ? [kp("east-key", region)] : [],
        regions: [region],
        failures: [],
        local_only: [],
        lost_from_keychain: [],
        instance_failures: [],
        pending: [],
      }),
    });
    renderApp();
    await screen.findByText("east-key");
    await userEvent.selectOptions(await screen.findByTestId("region-picker"), "eu-west-1");
    expect(await screen.findByText("No key pairs in eu-west-1")).toBeInTheDocument();
    expect(screen.queryByText("east-key")).not.toBeInTheDocument();
  });

  it("all regions adds a region column and reports failed regions", async () => {
    installBackend({
      keyPairs: (_region, all) =>
        all
          ? {
              key_pairs: [kp("a", "eu-west-1"), kp("b", "us-east-1")],
              regions: ["eu-west-1", "us-east-1", "ap-south-1"],
              failures: [{ region: "ap-south-1", error: { code: "region_disabled", message: "not enabled" } }],
              local_only: [],
              lost_from_keychain: [],
              instance_failures: [],
              pending: [],
            }
          : { key_pairs: [], regions: ["us-east-1"], failures: [], local_only: [], pending: [], lost_from_keychain: [], instance_failures: [] },
    });
    renderApp();
    await screen.findByText("No key pairs in us-east-1");
    // "All regions" is enabled once the region list has arrived.
    expect(await screen.findByRole("option", { name: "All regions (2)" })).toBeEnabled();
    await userEvent.selectOptions(screen.getByTestId("region-picker"), "__all__");
    expect(await screen.findByRole("columnheader", { name: "Region" })).toBeInTheDocument();
    expect(screen.getAllByTestId("key-pair-row")).toHaveLength(2);
    expect(screen.getByTestId("region-failures")).toHaveTextContent("ap-south-1 (not enabled)");
  });

  it("shows a readable error with its code and retries", async () => {
    let fail = true;
    installBackend({
      keyPairs: (region) =>
        fail
          ? { code: "permission_denied", message: "Your IAM identity is not allowed to do DescribeKeyPairs in us-east-1." }
          : { key_pairs: [kp("after-retry", region)], regions: [region], failures: [], local_only: [], pending: [], lost_from_keychain: [], instance_failures: [] },
    });
    renderApp();
    const err = await screen.findByTestId("error-state");
    expect(err).toHaveAttribute("data-code", "permission_denied");
    expect(err).toHaveTextContent("Not allowed by IAM");
    expect(err).toHaveTextContent("DescribeKeyPairs");
    fail = false;
    await userEvent.click(within(err).getByRole("button", { name: /try again/i }));
    expect(await screen.findByText("after-retry")).toBeInTheDocument();
  });
});

describe("Key vault", () => {
  it("shows where each private key is, and creates a key with live validation", async () => {
    const calls = installBackend({
      keyPairs: (region) => ({
        key_pairs: [kp("mine", region, { local_status: "in_vault", vault_name: "mine", instances: ["i-1", "i-2"] }), kp("lost", region)],
        regions: [region],
        failures: [],
        local_only: [
          { id: "key/9", name: "not-yet", key_type: "ed25519", bits: null, fingerprints: [], public_key: "", created: "", source: "generated_here", links: [], encrypted: false, saved_to: [] },
        ],
        lost_from_keychain: ["vanished"],
        instance_failures: [],
        pending: [{ name: "half-made", region, started: "2026-11-28T10:00:00Z" }],
      }),
    });
    renderApp();
    const mine = (await screen.findByText("mine")).closest("tr")!;
    expect(within(mine).getByTestId("local-status")).toHaveTextContent("In vault");
    const lost = screen.getByText("lost").closest("tr")!;
    expect(within(lost).getByTestId("local-status")).toHaveTextContent("Not on this machine");
    expect(screen.getByTestId("pending-intent")).toHaveTextContent("half-made");
    expect(within(mine).getByTestId("instance-count")).toHaveTextContent("2 instances");
    expect(within(mine).getByTestId("ssh-key")).toBeInTheDocument();
    expect(within(lost).queryByTestId("save-key-ssh")).toBeNull();
    expect(screen.getByTestId("lost-from-keychain")).toHaveTextContent("vanished");
    expect(screen.getByTestId("local-only-row")).toHaveTextContent("not-yet");
    expect(screen.getByTestId("retry-import")).toHaveTextContent("Import into us-east-1");

    await userEvent.click(screen.getByTestId("create-key"));
    await userEvent.type(screen.getByTestId("key-name"), " bad");
    expect(await screen.findByText("Key pair names cannot start or end with a space.")).toBeInTheDocument();
    expect(screen.getByTestId("create-key-submit")).toBeDisabled();
    await userEvent.clear(screen.getByTestId("key-name"));
    await userEvent.type(screen.getByTestId("key-name"), "deploy");
    await waitFor(() => expect(screen.getByTestId("create-key-submit")).toBeEnabled());
    // Several regions at once: the public key is imported into each.
    await userEvent.click(await within(screen.getByTestId("create-regions")).findByLabelText("eu-west-1"));
    expect(screen.getByTestId("create-key-submit")).toHaveTextContent("Create in 2 regions");
    await userEvent.click(screen.getByTestId("create-key-submit"));
    expect(await screen.findByTestId("create-result")).toHaveTextContent("exists in us-east-1");
    expect(calls).toContain("create_key");
  });
});

describe("AMIs page", () => {
  it("shows one catalogue tab at a time", async () => {
    installBackend({
      images: (region, scope) => ({
        region,
        scope,
        truncated: false,
        images:
          scope === "amazon"
            ? [image("al2023-ami-x86_64", { image_id: "ami-0abc", owner_id: "137112412989", owner_alias: "amazon", public: true, trust: { level: "aws", publisher: "Amazon", warning: null } })]
            : [],
      }),
    });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-amis"));
    expect(await screen.findByText("My AMIs: none in us-east-1")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("tab-amazon"));
    const row = await screen.findByText("al2023-ami-x86_64");
    expect(within(row.closest<HTMLElement>("[data-testid=image-row]")!).getByText("Amazon")).toBeInTheDocument();
    expect(screen.getByTestId("tab-amazon")).toHaveAttribute("aria-selected", "true");
  });
});

describe("Shell", () => {
  it("starts in practice mode when the default chain has no credentials", async () => {
    const calls = installBackend({
      identity: (profile) =>
        profile === PRACTICE_PROFILE ? practiceIdentity : { code: "no_credentials", message: "No AWS credentials found for the default credentials." },
    });
    renderApp();
    expect(await screen.findByTestId("auto-practice")).toHaveTextContent("practice mode");
    expect(await screen.findByTestId("mode-badge")).toHaveTextContent("Practice mode · nothing touches AWS");
    expect(screen.getByTestId("profile-picker")).toHaveValue(PRACTICE_PROFILE);
    expect(calls).toContain("list_key_pairs");
  });

  it("a chosen profile without credentials explains how to connect, and offers practice", async () => {
    installBackend({
      profiles: { profiles: [{ name: "work", kind: "other", region: null }], selected: "default", env_credentials: false },
      identity: (profile) =>
        profile === "work"
          ? { code: "no_credentials", message: 'No AWS credentials found for profile "work".' }
          : profile === PRACTICE_PROFILE
            ? practiceIdentity
            : identity,
    });
    renderApp();
    await screen.findByRole("option", { name: /^work/ });
    await userEvent.selectOptions(screen.getByTestId("profile-picker"), "work");
    const how = await screen.findByTestId("no-credentials");
    expect(how).toHaveTextContent("aws configure sso");
    expect(screen.getByTestId("mode-badge")).toHaveTextContent("Not connected");
    await userEvent.click(within(how).getByTestId("start-practice"));
    expect(await screen.findByText("Practice mode · nothing touches AWS")).toBeInTheDocument();
  });

  it("settings resets the practice world after a confirmation", async () => {
    const calls = installBackend({ identity: () => practiceIdentity });
    renderApp();
    await userEvent.selectOptions(await screen.findByTestId("profile-picker"), PRACTICE_PROFILE);
    await userEvent.click(screen.getByTestId("nav-settings"));
    await userEvent.click(await screen.findByTestId("reset-practice"));
    expect(calls).not.toContain("reset_practice");
    await userEvent.click(screen.getByTestId("confirm-reset"));
    expect(await screen.findByTestId("reset-done")).toBeInTheDocument();
    expect(calls).toContain("reset_practice");
  });

  it("navigates between pages from the sidebar", async () => {
    installBackend({});
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-amis"));
    expect(screen.getByRole("heading", { name: "AMIs" })).toBeInTheDocument();
    expect(screen.getByTestId("nav-amis")).toHaveAttribute("aria-current", "page");
    await userEvent.click(screen.getByTestId("nav-settings"));
    expect(await screen.findByText("arn:aws:iam::123456789012:user/ana")).toBeInTheDocument();
  });
});
