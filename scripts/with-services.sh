#!/usr/bin/env bash
# Run a command with the services the tests need: a private D-Bus session with an
# unlocked gnome-keyring (the Secret Service), and an Xvfb display. moto is started
# per test by the Rust harness. Everything started here is stopped on exit.
set -euo pipefail

tmp=$(mktemp -d)
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# Xvfb picks a free display itself and writes its number to fd 5.
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
cleanup() { kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
[ -s "$tmp/display" ] || { cat "$tmp/xvfb.log" >&2; echo "Xvfb did not start" >&2; exit 1; }
display=":$(cat "$tmp/display")"
export DISPLAY="$display"

dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf amikey-tests | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  for _ in $(seq 50); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.ListNames \
      | grep -q org.freedesktop.secrets && break
    sleep 0.1
  done
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.ListNames \
    | grep -q org.freedesktop.secrets || { echo "gnome-keyring did not register the Secret Service" >&2; exit 1; }
  "$@"' bash "$@"
