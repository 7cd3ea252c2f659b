#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader with AFL++ and SharpFuzz, for runs longer than the test suite's fixed-seed
# fuzzing. Usage: tests/SpanNet.Fuzz/afl.sh <target> [seconds]   (targets: model idx-images idx-labels png pgm onnx csv parquet table-schema)
# Needs afl-fuzz (Debian: apt-get install -y afl++). Findings land in artifacts/fuzz/<target>/findings; replay one with
#   dotnet artifacts/fuzz/<target>/bin/SpanNet.Fuzz.dll <target> < artifacts/fuzz/<target>/findings/default/crashes/<file>
set -euo pipefail
target=${1:?usage: afl.sh <target> [seconds]}
seconds=${2:-3600}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/artifacts/fuzz/$target

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found; on Debian: apt-get install -y afl++" >&2; exit 1; }
rm -rf "$work/bin" "$work/seeds"
dotnet publish "$root/tests/SpanNet.Fuzz" -c Release -o "$work/bin" --nologo -v quiet
(cd "$root" && dotnet tool restore >/dev/null)

# Seeds first: the rewritten assemblies can run only under afl-fuzz, which maps the coverage memory they write to.
dotnet "$work/bin/SpanNet.Fuzz.dll" seeds "$target" "$work/seeds"

# SharpFuzz rewrites the readers' assemblies to report the branches they take to AFL; the harness and the framework
# stay as they are.
for assembly in SpanNet.dll SpanNet.Cli.dll SpanNet.Onnx.dll SpanNet.Data.dll; do
  (cd "$root" && dotnet tool run sharpfuzz "$work/bin/$assembly")
done

# One kernel thread: AFL compares runs, and the worker pool's threads would only add noise to the coverage map.
# dotnet is not an AFL-instrumented binary (the trace comes from the rewritten assemblies), hence the skipped check.
export SPANNET_NUM_THREADS=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -V "$seconds" -t 10000 -m none -i "$work/seeds" -o "$work/findings" -- dotnet "$work/bin/SpanNet.Fuzz.dll" "$target"
crashes=$(find "$work/findings" -path '*crashes/id*' | wc -l)
echo "$target: $crashes crashing inputs in $work/findings"
[ "$crashes" -eq 0 ]
