#!/usr/bin/env bash
# The shipping checks of .ci/run, one line each ("ship: NAME: ok" or "ship: NAME: FAILED"); exits 1 if any failed.
# Packages → sample restored from the local feed → tool install → NativeAOT publish → the AOT binary against the JIT
# build: runtime and kernel width (`spannet info`), `spannet demo` output, a small `train` on the committed fixture
# (model bytes), and `spannet serve` answering and stopping cleanly on SIGTERM.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=0
work=artifacts/ci
pass() { echo "ship: $1: ok${2:+ ($2)}"; }
fail() { echo "ship: $1: FAILED${2:+ ($2)}"; failures=$((failures + 1)); }
quiet() { local log; log=$(mktemp); if "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi; tail -40 "$log"; rm -f "$log"; return 1; }

# NativeAOT links with the system toolchain; CI runs as root on Debian.
if ! command -v clang >/dev/null 2>&1 || ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
  if quiet apt-get update && quiet apt-get install -y clang zlib1g-dev; then pass "install clang zlib1g-dev"; else fail "install clang zlib1g-dev"; fi
fi

# Fresh package folders every run: NuGet never re-reads a version it has cached, and the sample and tool use their own caches.
rm -rf artifacts
mkdir -p "$work"
if quiet dotnet pack -c Release -o artifacts/packages; then
  missing=""
  for package in SpanNet SpanNet.Onnx SpanNet.Cli; do
    for ext in nupkg snupkg; do
      ls artifacts/packages/"$package".[0-9]*."$ext" >/dev/null 2>&1 || missing="$missing $package.$ext"
    done
  done
  if [ -z "$missing" ]; then pass "pack" "$(ls artifacts/packages | tr '\n' ' ')"; else fail "pack" "missing:$missing"; fi
else
  fail "pack"
fi

if sample_output=$(dotnet run -c Release --project samples/SpanNet.Sample 2>&1); then
  pass "sample from the local feed" "$(tail -1 <<<"$sample_output")"
else
  echo "$sample_output" | tail -20
  fail "sample from the local feed"
fi

if quiet env NUGET_PACKAGES="$PWD/artifacts/tool-packages" dotnet tool install --tool-path artifacts/tool SpanNet.Cli --add-source artifacts/packages \
  && artifacts/tool/spannet info | grep -q "^runtime: *JIT"; then
  pass "dotnet tool install, spannet info"
else
  fail "dotnet tool install, spannet info"
fi

jit() { dotnet src/SpanNet.Cli/bin/Release/net10.0/SpanNet.Cli.dll "$@"; }
aot=artifacts/aot/SpanNet.Cli
if quiet dotnet publish src/SpanNet.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot && [ -x "$aot" ]; then
  pass "NativeAOT publish" "$(stat -c %s "$aot") bytes"
else
  fail "NativeAOT publish"
fi

if [ -x "$aot" ]; then
  aot_info=$("$aot" info) jit_info=$(jit info)
  width() { sed -nE "s/^$1: *([0-9]+) bits.*/\1/p" <<<"$2"; }
  aot_width=$(width "kernel width" "$aot_info") jit_width=$(width "kernel width" "$jit_info") cpu_width=$(width "cpu width" "$aot_info")
  if grep -q "^runtime: *NativeAOT" <<<"$aot_info" && [ -n "$cpu_width" ] && [ "$aot_width" = "$cpu_width" ] && [ "$aot_width" = "$jit_width" ]; then
    pass "AOT spannet info" "kernels at ${aot_width} bits, the CPU's widest ${cpu_width}, the JIT's ${jit_width}"
  else
    echo "$aot_info"; echo "$jit_info"
    fail "AOT spannet info" "AOT ${aot_width:-?} bits, CPU ${cpu_width:-?}, JIT ${jit_width:-?}"
  fi

  if "$aot" demo >"$work/demo-aot.txt" && jit demo >"$work/demo-jit.txt" && cmp -s "$work/demo-aot.txt" "$work/demo-jit.txt"; then
    pass "AOT demo = JIT demo" "$(wc -l <"$work/demo-aot.txt") lines"
  else
    fail "AOT demo = JIT demo"
  fi

  train_args=(train --mnist-dir tests/fixtures/mnist-tiny --layers 784-64-10 --epochs 3 --batch 20 --seed 5)
  if quiet "$aot" "${train_args[@]}" --out "$work/aot.model" && quiet jit "${train_args[@]}" --out "$work/jit.model" \
    && cmp -s "$work/aot.model" "$work/jit.model"; then
    pass "AOT train = JIT train" "model SHA-256 $(sha256sum "$work/aot.model" | cut -c1-16)…"
  else
    fail "AOT train = JIT train"
  fi

  # The AOT server on a free port: one raw all-zero image must come back as 10 raw probabilities, then SIGTERM exits 0.
  if [ -f "$work/aot.model" ] && command -v curl >/dev/null 2>&1; then
    "$aot" serve --model "$work/aot.model" --port 0 2>"$work/serve.log" &
    server=$!
    address=""
    for _ in $(seq 50); do
      address=$(grep -oE "http://[^ ;,]+" "$work/serve.log" | head -1)
      [ -n "$address" ] && break
      sleep 0.1
    done
    answered=$(head -c 3136 /dev/zero | curl -s -H 'Content-Type: application/octet-stream' -H 'Accept: application/octet-stream' --data-binary @- "$address/v1/predict" | wc -c)
    refused=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"inputs": [[1]]}' "$address/v1/predict")
    kill -TERM "$server"
    wait "$server"
    exit_code=$?
    if [ "$answered" = 40 ] && [ "$refused" = 400 ] && [ "$exit_code" = 0 ]; then
      pass "AOT serve" "$address: 40 bytes answered, bad input 400, SIGTERM exit 0"
    else
      cat "$work/serve.log"
      fail "AOT serve" "answered ${answered} bytes, bad input ${refused}, exit ${exit_code}"
    fi
  else
    fail "AOT serve" "needs the trained model and curl"
  fi
fi

[ "$failures" -eq 0 ]
