#!/usr/bin/env bash
# The catalogue at scale: time and peak memory of listing every public image through
# Amikey's own code path (CLI → core → aws-sdk-ec2 → the sandbox), with 100,000
# generated images vs the plain practice catalogue, measured in one run.
#
#   scripts/bench_catalogue.sh AMIKEY_BIN [EXTRA_IMAGES]
set -euo pipefail
bin=$1
extra=${2:-100000}
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AMIKEY_DATA_DIR=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$AMIKEY_DATA_DIR"' EXIT

serve() { # $1 = extra images; prints the endpoint
    local out; out=$(mktemp)
    "$bin" sandbox serve --instant --catalog-size "$1" >"$out" 2>&1 &
    for _ in $(seq 300); do grep -q listening "$out" && break; sleep 0.1; done
    awk '/listening/ {print $3}' "$out"
}

measure() { # $1 = endpoint, then the `ami list` arguments; prints "seconds max_rss_kb count"
    local t ep=$1; shift; t=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$t" "$bin" --endpoint-url "$ep" ami list "$@" --output json >"$t.json"
    echo "$(cat "$t") $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["images"]))' "$t.json")"
}

small=$(serve 0)
big=$(serve "$extra")
read -r s_t s_m s_n <<<"$(measure "$small" --owner amazon)"
read -r b_t b_m b_n <<<"$(measure "$big" --owner public --filter 'name=community/*')"
printf '%-34s %8s %10s %8s\n' "listing" "seconds" "peak MiB" "images"
printf '%-34s %8s %10d %8s\n' "AWS-provided tab (plain world)" "$s_t" $((s_m / 1024)) "$s_n"
printf '%-34s %8s %10d %8s\n' "public search, $extra generated" "$b_t" $((b_m / 1024)) "$b_n"
python3 -c "import sys; a,b,c,d=map(float,sys.argv[1:5]); print(f'ratio: {b/max(a,0.01):.1f}x the time, {d/c:.1f}x the peak memory')" "$s_t" "$b_t" "$s_m" "$b_m"
echo "(one run; $(nproc) cores; the binary as built: $bin)"
