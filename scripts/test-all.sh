#!/usr/bin/env bash
# Every test Amikey has, with its real services (see with-services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export MOTO_SERVER="${VENV:-$PWD/.venv}/bin/moto_server" AWS_CLI="${VENV:-$PWD/.venv}/bin/aws"

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check and unit tests (Vitest + mockIPC)"
(cd ui && npm run typecheck && npm test)

step "Rust: unit, moto integration, CLI, bindings, security and window e2e tests"
scripts/with-services.sh cargo test --workspace --locked -- --test-threads=4

step "All tests passed"
