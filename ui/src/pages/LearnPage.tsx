import { PageHeader } from "../components/PageHeader";
import { CONCEPTS, type Concept } from "../learn/concepts";
import { GoldenLab, KeysLab } from "../learn/labs";
import { Quiz } from "../learn/Quiz";
import { useNavigate } from "../learn/nav";
import { useSession } from "../session";
import { PRACTICE_PROFILE } from "../bindings";

const TOPICS: { topic: Concept["topic"]; title: string }[] = [
  { topic: "AMIs", title: "AMIs: templates for servers" },
  { topic: "Key pairs", title: "Key pairs: how you log in" },
  { topic: "Both", title: "For both" },
];

/** Every concept card with its diagram, two hands-on labs and a quiz. */
export function LearnPage() {
  const navigate = useNavigate();
  const s = useSession();
  const tryIt = (c: Concept) => {
    if (s.profile !== PRACTICE_PROFILE) s.setProfile(PRACTICE_PROFILE);
    navigate(c.tryIt!.page);
  };
  return (
    <section aria-labelledby="learn-title" className="learn">
      <PageHeader id="learn-title" title="Learn">
        The ideas behind AMIs and key pairs, with diagrams, two hands-on labs and a quiz. Look for the{" "}
        <span className="info-i info-i-inline" aria-hidden="true">i</span> buttons on the other pages: they open these
        cards right where you need them.
      </PageHeader>
      <nav className="learn-toc" aria-label="On this page">
        {CONCEPTS.map((c) => (
          <a key={c.id} href={`#concept-${c.id}`}>
            {c.title}
          </a>
        ))}
        <a href="#lab-golden-title">Lab: golden image</a>
        <a href="#lab-keys-title">Lab: keys</a>
        <a href="#quiz-title">Quiz</a>
      </nav>
      {TOPICS.map((t) => (
        <div key={t.topic} className="learn-topic">
          <h2 className="learn-topic-title">{t.title}</h2>
          <div className="concept-cards">
            {CONCEPTS.filter((c) => c.topic === t.topic).map((c) => (
              <article key={c.id} id={`concept-${c.id}`} className="card concept-card" data-testid={`concept-${c.id}`} aria-labelledby={`concept-${c.id}-title`}>
                <h3 id={`concept-${c.id}-title`}>{c.title}</h3>
                {c.diagram && <div className="concept-diagram">{c.diagram}</div>}
                <div className="concept-body">{c.body}</div>
                {c.tryIt && (
                  <button type="button" className="button" data-testid={`try-${c.id}`} onClick={() => tryIt(c)}>
                    Try it in practice mode: {c.tryIt.label}
                  </button>
                )}
              </article>
            ))}
          </div>
        </div>
      ))}
      <h2 className="learn-topic-title">Hands-on labs</h2>
      <p className="muted">
        Each step is checked for you against the profile and region in the top bar. Practice mode is the place for it:
        a simulated EC2 on this computer, free, and nothing can break.
      </p>
      <div className="labs">
        <GoldenLab />
        <KeysLab />
      </div>
      <Quiz />
    </section>
  );
}
