import { useState } from "react";

interface Question {
  id: string;
  question: string;
  choices: string[];
  answer: number;
  explanation: string;
}

export const QUESTIONS: Question[] = [
  {
    id: "identical",
    question: "How do you make sure your EC2 instances are identical?",
    choices: [
      "Run the same setup commands by hand on each one",
      "Build a custom AMI and launch every instance from it, through a launch template and an Auto Scaling group",
      "Give them all the same key pair",
      "Launch them all in the same region",
    ],
    answer: 1,
    explanation:
      "Instances launched from the same AMI start from the same disk. A launch template pins that AMI, and an Auto Scaling group uses the template, so even servers added automatically are identical. Setup by hand drifts.",
  },
  {
    id: "ami-snapshot",
    question: "What is the difference between an AMI and an EBS snapshot?",
    choices: [
      "None: they are two names for the same thing",
      "A snapshot launches servers; an AMI backs up one disk",
      "An AMI is a template to launch whole servers; a snapshot is a backup of one disk that you restore as a volume",
      "An AMI only exists for Windows",
    ],
    answer: 2,
    explanation:
      "An AMI holds launch settings plus one snapshot per disk. You launch instances from the AMI; you restore a volume from a snapshot. Deregistering an AMI leaves its snapshots behind, still costing money.",
  },
  {
    id: "lost-key",
    question: "You lost the private key of a key pair AWS created. What now?",
    choices: [
      "Download it again from the EC2 console",
      "Ask AWS Support to send a copy",
      "AWS has no copy: get back in another way (Instance Connect, Session Manager, or swapping the root volume) and install a new public key",
      "Delete the key pair in EC2, and the instance accepts any key",
    ],
    answer: 2,
    explanation:
      "AWS hands out the private key once and keeps no copy. Deleting the key pair in EC2 does not change the instance, which still trusts the old public key. Recover access another way and add a new public key to ~/.ssh/authorized_keys.",
  },
  {
    id: "world-ssh",
    question: "Why not allow SSH (port 22) from 0.0.0.0/0?",
    choices: [
      "It is slower",
      "0.0.0.0/0 means the whole internet: bots find the open port within minutes and keep trying to get in",
      "EC2 does not allow it",
      "It only works with RSA keys",
    ],
    answer: 1,
    explanation:
      "Allow only your own address (a /32), or use Session Manager and open no port at all. Fewer people able to try means fewer ways in if a key ever leaks.",
  },
  {
    id: "retire",
    question: "You want people to stop using an old AMI, but existing launch templates must keep working. What do you do?",
    choices: ["Deprecate it", "Deregister it", "Delete its snapshots", "Make it public"],
    answer: 0,
    explanation:
      "A deprecated AMI stops showing up in other accounts' listings but still launches by id. Deregistering removes it for good: launches from templates that use it fail.",
  },
  {
    id: "regions",
    question: "Your key pair exists in us-east-1. Can you launch with it in eu-west-1?",
    choices: [
      "Yes, key pairs are global",
      "No: key pairs are regional. Import the same public key into eu-west-1 first",
      "Only with an RSA key",
      "Only if the AMI is public",
    ],
    answer: 1,
    explanation: "Key pairs and AMIs both live in one region. Import your public key into every region where you launch; copying an AMI to another region gives it a new id.",
  },
  {
    id: "no-reboot",
    question: "What does “no reboot” risk when you create an AMI?",
    choices: [
      "Nothing, it is always better",
      "The AMI becomes public",
      "Crash-consistent snapshots: data still in memory is not on disk, like pulling the plug",
      "The instance is terminated",
    ],
    answer: 2,
    explanation: "With the default reboot, everything is written to disk first and the image is clean. Skip it only when you cannot afford a minute or two of downtime.",
  },
];

/** A short quiz: pick an answer, see whether it was right and why. */
export function Quiz() {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const answered = Object.keys(answers).length;
  const right = QUESTIONS.filter((q) => answers[q.id] === q.answer).length;
  return (
    <section className="panel quiz" data-testid="quiz" aria-labelledby="quiz-title">
      <div className="detail-head">
        <h2 id="quiz-title">Quiz: check what you learned</h2>
        {answered > 0 && (
          <button type="button" className="button" data-testid="quiz-reset" onClick={() => setAnswers({})}>
            Start over
          </button>
        )}
      </div>
      <ol className="quiz-list">
        {QUESTIONS.map((q) => {
          const picked = answers[q.id];
          const done = picked !== undefined;
          return (
            <li key={q.id} data-testid="quiz-question" data-id={q.id}>
              <fieldset className="field">
                <legend><strong>{q.question}</strong></legend>
                <div className="choice-list">
                  {q.choices.map((c, i) => {
                    const cls = done ? (i === q.answer ? " correct" : i === picked ? " wrong" : "") : "";
                    return (
                      <button
                        key={c}
                        type="button"
                        className={`quiz-choice${cls}`}
                        data-testid={`quiz-${q.id}-${i}`}
                        aria-pressed={picked === i}
                        disabled={done}
                        onClick={() => setAnswers((a) => ({ ...a, [q.id]: i }))}
                      >
                        {c}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
              {done && (
                <p className="quiz-explanation" data-testid="quiz-explanation" role="status">
                  <strong className={picked === q.answer ? "ok-text" : "warn-text"}>{picked === q.answer ? "Right." : "Not quite."}</strong> {q.explanation}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <p data-testid="quiz-score" className="muted">
        {answered === QUESTIONS.length ? `You got ${right} of ${QUESTIONS.length} right.` : `${answered} of ${QUESTIONS.length} answered.`}
      </p>
    </section>
  );
}
