#!/usr/bin/env bash
# Runs Verity's benchmarks beside its peers and renders docs/performance.md (issue 4).
#
#   benchmarks/run.sh quick   # under 10 minutes on 2 cores: 1 fork, 2 x 1 s warm-up,
#                             # 3 x 1 s measurement, Verity's two-thread runs only, cold start x 10
#   benchmarks/run.sh full    # 3 forks, 4 x 2 s warm-up (10 x 2 s for ES256 and EdDSA), 5 x 2 s
#                             # measurement, every two-thread run, cold start x 20 (about 60 minutes
#                             # on 2 cores)
#
# Writes benchmarks/results/<mode>-jmh.json, benchmarks/results/<mode>-cold-start.json,
# docs/performance.md and docs/performance/*.png. Extra JMH arguments go in JMH_ARGS (for example
# JMH_ARGS='-jvmArgsAppend -XX:+UseParallelGC'). JAVA_HOME picks the JDK (for example
# JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64); the build still targets Java 17.
set -euo pipefail

mode="${1:-quick}"
case "$mode" in
  quick)
    jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s -e 'floor_.*_2threads')
    jmh_slow=("${jmh[@]}")
    runs=10
    ;;
  full)
    # Three forks, not two: on JDK 17 each fork's JIT settles the P-256 and Ed25519 arithmetic in
    # one of two modes ~20% apart (seen as 0.9k or 1.13k ES256 ops/s for the same code), so two
    # forks can both land low and make a ratio out of luck.
    jmh=(-f 3 -wi 4 -w 2s -i 5 -r 2s)
    # The JDK's P-256 and Ed25519 code (about 1k and 2k ops/s) was still being recompiled after
    # 8 s: floor_ES256 and verity_EdDSA stepped by 20-30% between measured iterations of one fork.
    jmh_slow=(-f 3 -wi 10 -w 2s -i 5 -r 2s)
    runs=20
    ;;
  *)
    echo "usage: benchmarks/run.sh [quick|full]" >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=benchmarks/target/benchmarks.jar
started=$(date +%s)

echo "== build" >&2
./mvnw -q -B -DskipTests package -pl benchmarks -am

mkdir -p benchmarks/results
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
# One JMH run per algorithm: a library, its floor and Verity's rejections run minutes apart in one
# alphabetical run, and the load of a shared machine drifts in between; grouped, they run back to
# back. The parts are merged into benchmarks/results/<mode>-jmh.json.
parts=()
for alg in RS256 PS256 ES256 EdDSA HS256; do
  pattern="VerifyBenchmark\.\w+_${alg}(_2threads)?\$"
  if [[ "$alg" == RS256 ]]; then
    pattern="VerifyBenchmark\.(\w+_RS256(_2threads)?|verity_reject_malformed)\$"
  fi
  part="benchmarks/target/jmh-$mode-$alg.json"
  echo "== JMH $alg ($mode)" >&2
  # shellcheck disable=SC2086 # JMH_ARGS is split on purpose
  settings=("${jmh[@]}")
  if [[ "$alg" == ES256 || "$alg" == EdDSA ]]; then
    settings=("${jmh_slow[@]}")
  fi
  "$java" -jar "$jar" "$pattern" "${settings[@]}" ${JMH_ARGS:-} \
    -prof gc -rf json -rff "$part" \
    | tee "benchmarks/target/jmh-$mode-$alg.log"
  parts+=("$part")
done
"$java" -cp "$jar" dev.verity.jwt.benchmarks.ReportRenderer \
  --merge "benchmarks/results/$mode-jmh.json" "${parts[@]}"

echo "== cold start ($runs runs)" >&2
JAVA="$java" benchmarks/cold-start.sh "$mode" "$runs"

echo "== report" >&2
"$java" -Djava.awt.headless=true -cp "$jar" dev.verity.jwt.benchmarks.ReportRenderer \
  --jmh "benchmarks/results/$mode-jmh.json" \
  --cold "benchmarks/results/$mode-cold-start.json" \
  --out docs/performance.md \
  --charts docs/performance \
  --mode "$mode" \
  --command "benchmarks/run.sh $mode" \
  --nproc "$(nproc)" \
  --load "$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end" \
  --date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "== done in $(( $(date +%s) - started )) s: docs/performance.md" >&2
