/// <reference types="vite/client" />
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ImageScope, SourceInstance } from "../bindings";
import { image, installBackend, inventory, keyPair } from "../test/ipc";
import { renderApp } from "../test/render";
import { CONCEPTS } from "./concepts";
import { QUESTIONS } from "./Quiz";

// Cards shown only on the Learn page, with no "i" anywhere else. Keep it short.
const LEARN_PAGE_ONLY: string[] = [];

const sources = import.meta.glob("../**/*.tsx", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

async function openLearn() {
  renderApp();
  await userEvent.click(await screen.findByTestId("nav-learn"));
}

beforeEach(() => localStorage.clear());

describe("Concept cards", () => {
  it("every card is on the Learn page, with its diagram where it has one", async () => {
    installBackend({});
    await openLearn();
    for (const c of CONCEPTS) {
      const card = screen.getByTestId(`concept-${c.id}`);
      expect(within(card).getByRole("heading", { name: c.title })).toBeInTheDocument();
      if (c.diagram) expect(card.querySelector("svg[role=img] title")).not.toBeNull();
    }
    for (const id of ["ssh-auth", "ami", "ami-vs-snapshot"]) {
      expect(CONCEPTS.find((c) => c.id === id)?.diagram).toBeTruthy();
    }
  });

  it("every card has an “i” in some page or wizard, unless it is a Learn-page-only card", () => {
    const used = new Set<string>();
    for (const [path, text] of Object.entries(sources)) {
      if (path.startsWith("../learn/") || path.startsWith("./") || path.endsWith(".test.tsx")) continue;
      for (const m of text.matchAll(/<InfoButton\s+id="([a-z-]+)"/g)) used.add(m[1]);
    }
    // The glob really saw the app's components.
    expect(Object.keys(sources).some((p) => p.endsWith("components/CreateImageWizard.tsx"))).toBe(true);
    const missing = CONCEPTS.map((c) => c.id).filter((id) => !used.has(id) && !LEARN_PAGE_ONLY.includes(id));
    expect(missing).toEqual([]);
    // Every id used in an "i" exists in the registry (TypeScript checks it too).
    for (const id of used) expect(CONCEPTS.some((c) => c.id === id)).toBe(true);
  });

  it("opening a card from the wizard's name step and closing it keeps the typed name", async () => {
    const src: SourceInstance = {
      instance_id: "i-web",
      name: "web-1",
      state: "running",
      image_id: "ami-base",
      eligible: true,
      reason: null,
      volumes: [{ device_name: "/dev/xvda", volume_id: "vol-1", size_gib: 8, volume_type: "gp3", encrypted: true, delete_on_termination: true, root: true }],
    };
    installBackend({ sources: [src] });
    renderApp();
    await userEvent.click(await screen.findByTestId("nav-amis"));
    await userEvent.click(screen.getByTestId("create-image"));
    await userEvent.click(await within(screen.getByTestId("image-wizard")).findByText("web-1"));
    await userEvent.click(screen.getByTestId("wizard-next"));
    await userEvent.type(screen.getByTestId("image-name"), "web-golden-1");

    await userEvent.click(screen.getByTestId("info-ami"));
    const panel = screen.getByTestId("concept-panel");
    expect(within(panel).getByText("What is an AMI?")).toBeInTheDocument();
    expect(screen.getByTestId("image-wizard")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("concept-close"));
    expect(screen.queryByTestId("concept-panel")).toBeNull();
    expect(screen.getByTestId("image-name")).toHaveValue("web-golden-1");
    expect(screen.getByTestId("info-ami")).toHaveFocus();
  });
});

describe("Labs", () => {
  it("the golden image lab checks the account live, and remembers progress", async () => {
    let keys = [keyPair("old", "not_on_this_machine")];
    let mine = [image("web-golden", { state: "pending" })];
    installBackend({
      keyPairs: () => inventory(keys),
      images: (region: string, scope: ImageScope) => ({ region, scope, images: scope === "mine" ? mine : [], truncated: false }),
    });
    await openLearn();
    const lab = screen.getByTestId("lab-golden");
    await userEvent.click(within(lab).getByTestId("lab-golden-start"));
    const steps = () => within(lab).getAllByTestId("lab-step");
    await waitFor(() => expect(steps()).toHaveLength(5));
    expect(steps().map((s) => s.getAttribute("data-done"))).toEqual(["false", "false", "false", "false", "false"]);

    // The fake account changes; the lab sees it on its next check (every 3 s).
    keys = [...keys, keyPair("deploy", "in_vault")];
    mine = [image("web-golden", { state: "available" })];
    await waitFor(() => expect(steps()[0]).toHaveAttribute("data-done", "true"), { timeout: 5000 });
    await waitFor(() => expect(steps()[2]).toHaveAttribute("data-done", "true"), { timeout: 5000 });
    expect(steps()[1]).toHaveAttribute("data-done", "false");
    expect(steps()[3]).toHaveAttribute("data-done", "false");
    expect(steps()[4]).toHaveAttribute("data-done", "false");
    expect(JSON.parse(localStorage.getItem("amikey.lab.golden")!)).toMatchObject({ started: true, furthest: 3, seen: [1, 3] });

    await userEvent.click(within(lab).getByTestId("lab-golden-reset"));
    expect(localStorage.getItem("amikey.lab.golden")).toBeNull();
    expect(within(lab).getByTestId("lab-golden-start")).toBeInTheDocument();
  }, 15000);

  it("the keys lab shows the lost key and takes the user's word for the rest", async () => {
    installBackend({ keyPairs: () => inventory([keyPair("web-servers", "not_on_this_machine")]) });
    await openLearn();
    const lab = screen.getByTestId("lab-keys");
    await userEvent.click(within(lab).getByTestId("lab-keys-start"));
    expect(await within(lab).findByText(/Not on this machine right now: web-servers/)).toBeInTheDocument();
    const steps = within(lab).getAllByTestId("lab-step");
    expect(steps[1]).toHaveAttribute("data-done", "false");
    await userEvent.click(within(lab).getByTestId("lab-keys-confirm-2"));
    expect(steps[1]).toHaveAttribute("data-done", "true");
    expect(steps[0]).toHaveAttribute("data-done", "false");
    expect(within(lab).getByText(/AWSSupport-ResetAccess/)).toBeInTheDocument();
  });

  it("Go there opens the step's page", async () => {
    installBackend({});
    await openLearn();
    await userEvent.click(screen.getByTestId("lab-golden-start"));
    await userEvent.click(screen.getByTestId("lab-golden-go-1"));
    expect(await screen.findByRole("heading", { name: "Key pairs" })).toBeInTheDocument();
  });
});

describe("Quiz", () => {
  it("explains each answer once given", async () => {
    installBackend({});
    await openLearn();
    const quiz = screen.getByTestId("quiz");
    expect(within(quiz).getAllByTestId("quiz-question").length).toBeGreaterThanOrEqual(6);
    expect(within(quiz).queryByTestId("quiz-explanation")).toBeNull();
    const q = QUESTIONS.find((x) => x.id === "identical")!;
    await userEvent.click(within(quiz).getByTestId(`quiz-identical-${q.answer}`));
    const question = within(quiz).getAllByTestId("quiz-question").find((el) => el.getAttribute("data-id") === "identical")!;
    expect(within(question).getByTestId("quiz-explanation")).toHaveTextContent(/Right\..*launch template/);
    expect(within(question).getByTestId(`quiz-identical-0`)).toBeDisabled();

    await userEvent.click(within(quiz).getByTestId("quiz-lost-key-0"));
    const lost = within(quiz).getAllByTestId("quiz-question").find((el) => el.getAttribute("data-id") === "lost-key")!;
    expect(within(lost).getByTestId("quiz-explanation")).toHaveTextContent(/Not quite\..*no copy/);
  });
});
