# Amikey. `make run` opens the app, `make test` runs every test; both install
# what is missing first and are safe to repeat.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export VENV ?= $(CURDIR)/.venv
BIN := $(CARGO_TARGET_DIR)/debug/amikey
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
TAURI_DRIVER := $(CARGO_BIN)/tauri-driver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_PACKAGES := libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev \
	libssl-dev pkg-config build-essential curl python3-venv xvfb xauth webkit2gtk-driver \
	gnome-keyring dbus dbus-x11 at-spi2-core openssh-client nodejs npm

.PHONY: bench help deps system-deps ui-deps venv tauri-driver ui build run test test-rust test-ui \
	bindings screenshot clean-caches

help:
	@echo "make run         build and open Amikey"
	@echo "make test        install what is missing, then run every test (moto, Xvfb, window e2e)"
	@echo "make screenshot  PNGs of each page against moto, in target/screenshots/"
	@echo "make bindings    regenerate ui/src/bindings.ts from the Rust commands"
	@echo "make bench       sandbox vs moto throughput; listing 100,000 AMIs vs the plain catalogue"

deps: system-deps ui-deps venv

# dpkg-query first: no sudo and no network when everything is there.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then :; else missing=$$(echo $$missing | tr ' ' '\n' | grep -vx -e nodejs -e npm); fi; \
	  if [ -n "$$missing" ]; then echo "Installing system packages: $$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; fi; \
	fi
	@command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs, then run make again."; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
	  || { echo "Node.js $$(node --version) is too old for Vite 8: install Node.js 20.19 or newer (e.g. from NodeSource), then run make again."; exit 1; }

ui-deps: ui/node_modules/.package-lock.json
ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

# moto (the reference EC2 emulator) and the AWS CLI (drives the sandbox in tests).
venv: $(VENV)/bin/moto_server $(VENV)/bin/aws
$(VENV)/bin/moto_server:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet "moto[server]==5.*"
$(VENV)/bin/aws: $(VENV)/bin/moto_server
	$(VENV)/bin/pip install --quiet "awscli==1.*"

tauri-driver: $(TAURI_DRIVER)
$(TAURI_DRIVER):
	cargo install tauri-driver --version '^2' --locked

# Rebuilt only when a UI source changes: a new ui/dist makes cargo re-embed it.
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package-lock.json
ui: ui/dist/index.html
ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

# --all-targets: the same feature set as `cargo test`, so the slow aws-sdk-ec2
# crate is compiled once for both (dev-dependencies change feature unification).
build: system-deps ui
	cargo build --workspace --all-targets

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display. Run it under a virtual one:  xvfb-run -a make run"; exit 1; fi
	$(BIN)

# Every test, with its real services: moto (started per test by the harness),
# D-Bus + gnome-keyring, and Xvfb. Nothing is skipped.
test: deps tauri-driver ui
	scripts/test-all.sh

test-rust: venv
	cargo test --workspace

test-ui: ui-deps
	cd ui && npm test

bindings:
	UPDATE_BINDINGS=1 cargo test --test bindings

screenshot: deps tauri-driver ui
	rm -rf target/screenshots
	AMIKEY_SCREENSHOT_DIR=$(CURDIR)/target/screenshots scripts/with-services.sh \
	  cargo test --test e2e_window -- --nocapture
	@ls -1 target/screenshots

# Throughput of the practice sandbox vs moto_server, in one run (see scripts/bench_sandbox.py).
bench: venv
	cargo build --release -p amikey-sandbox --example serve
	$(VENV)/bin/python scripts/bench_sandbox.py $(CARGO_TARGET_DIR)/release/examples/serve $(VENV)/bin/moto_server
	cargo build --bin amikey
	scripts/bench_catalogue.sh $(CARGO_TARGET_DIR)/debug/amikey 100000
