#!/usr/bin/env bash
# Load benchmark of `spannet serve` on loopback: wrk at 1, 16 and 64 connections, single-sample requests (one
# MNIST-shaped test digit as raw float32, JSON answer), 10 s each, with the server's GC counts before and after each run
# (from /metrics). Usage: bash bench/serve/run.sh [SPANNET_COMMAND...]  (default: the Release JIT build).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
spannet=("$@")
[ ${#spannet[@]} -eq 0 ] && spannet=(dotnet src/SpanNet.Cli/bin/Release/net10.0/SpanNet.Cli.dll)

"${spannet[@]}" train --mnist-dir tests/fixtures/mnist-tiny --epochs 2 --batch 20 --out "$work/bench.model" >/dev/null 2>&1
# The first test digit of the fixture, scaled to [0, 1] as the CLI feeds images: a sparse input like MNIST's.
/usr/bin/python3 - "$work/digit.f32" <<'PY'
import gzip, struct, sys
pixels = gzip.open("tests/fixtures/mnist-tiny/t10k-images-idx3-ubyte.gz").read()[16:16 + 784]
open(sys.argv[1], "wb").write(struct.pack("<784f", *(p / 255 for p in pixels)))
PY

"${spannet[@]}" serve --model "$work/bench.model" --port 0 --threads "$(nproc)" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do address=$(grep -oE "http://[^ ;,]+" "$work/serve.log" | head -1 || true); [ -n "$address" ] && break; sleep 0.1; done
gc() { curl -s "$address/metrics" | sed -nE 's/^dotnet_gc_collections_total\{generation="([0-9])"\} ([0-9]+)/gen\1=\2/p' | tr '\n' ' '; }
export SPANNET_BODY="$work/digit.f32"
wrk -t1 -c1 -d3s -s bench/serve/predict.lua "$address/v1/predict" >/dev/null   # warm-up
for connections in 1 16 64; do
  threads=$(( connections < 2 ? 1 : 2 ))
  before=$(gc)
  echo "=== $connections connections ($threads wrk threads), GC before: $before"
  wrk -t"$threads" -c"$connections" -d10s --latency -s bench/serve/predict.lua "$address/v1/predict"
  echo "GC after: $(gc)"
done
kill -TERM "$server"; wait "$server"; server=""
