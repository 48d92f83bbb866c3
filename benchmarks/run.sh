#!/usr/bin/env bash
# Runs Verity's benchmarks beside its peers and renders docs/performance.md (issue 4).
#
#   benchmarks/run.sh quick   # under 10 minutes on 2 cores: 1 round, 2 x 1 s warm-up,
#                             # 3 x 1 s measurement, Verity's two-thread runs only, cold start x 10
#   benchmarks/run.sh full    # 3 rounds of one fork per benchmark, 4 x 2 s warm-up (10 x 2 s for
#                             # ES256 and EdDSA), 5 x 2 s measurement, every two-thread run, cold
#                             # start x 20 (about 60 minutes on 2 cores)
#
# Writes benchmarks/results/<mode>-jmh.json, benchmarks/results/<mode>-cold-start.json,
# docs/performance.md and docs/performance/*.png. Extra JMH arguments go in JMH_ARGS (for example
# JMH_ARGS='-jvmArgsAppend -XX:+UseParallelGC'). JAVA_HOME picks the JDK (for example
# JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64); the build still targets Java 17.
set -euo pipefail

mode="${1:-quick}"
case "$mode" in
  quick)
    rounds=1
    jmh=(-wi 2 -w 1s -i 3 -r 1s)
    jmh_slow=("${jmh[@]}")
    skip='^floor_.*_2threads$'
    runs=10
    ;;
  full)
    # Three rounds of one fork each, not one run of three forks: see the loop below.
    rounds=3
    jmh=(-wi 4 -w 2s -i 5 -r 2s)
    # The JDK's P-256 and Ed25519 code (about 1k and 2k ops/s) was still being recompiled after
    # 8 s: floor_ES256 and verity_EdDSA stepped by 20-30% between measured iterations of one fork.
    jmh_slow=(-wi 10 -w 2s -i 5 -r 2s)
    skip='^$'
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
parts_dir="benchmarks/target/jmh-$mode-parts"
rm -rf "$parts_dir"
mkdir -p "$parts_dir"
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
benchmarks=$("$java" -jar "$jar" -l | sed -n 's/^dev\.verity\.jwt\.benchmarks\.VerifyBenchmark\.//p')

# The benchmarks of one algorithm, in the order a round runs them: the floor, Verity and its
# rejection first, so that they run back to back in either direction, then the rest.
algorithm_benchmarks() {
  local alg="$1" pattern="_$1(_2threads)?\$"
  if [[ "$alg" == RS256 ]]; then
    pattern="(_RS256(_2threads)?|^verity_reject_malformed)\$"
  fi
  local all
  all=$(grep -E "$pattern" <<<"$benchmarks" | grep -Ev "$skip" | sort)
  local first=("floor_$alg" "verity_$alg" "verity_reject_badSignature_$alg") name
  for name in "${first[@]}"; do
    grep -Fx "$name" <<<"$all" || true
  done
  grep -Fxv -e "${first[0]}" -e "${first[1]}" -e "${first[2]}" <<<"$all" || true
}

# A shared 2-core machine drifts between speeds up to 25% apart for minutes at a time, so a
# benchmark whose forks all ran in one slow spell is compared with a floor whose forks did not. Each
# benchmark therefore runs as its own one-fork JMH run, once per round; a round goes through every
# algorithm, an algorithm's benchmarks back to back (in reverse order every other round), and the
# rounds' forks are merged per benchmark (ReportRenderer --merge, statistics recomputed as JMH does).
parts=()
for round in $(seq 1 "$rounds"); do
  for alg in RS256 PS256 ES256 EdDSA HS256; do
    mapfile -t names < <(algorithm_benchmarks "$alg")
    if (( round % 2 == 0 )); then
      mapfile -t names < <(printf '%s\n' "${names[@]}" | tac)
    fi
    settings=("${jmh[@]}")
    if [[ "$alg" == ES256 || "$alg" == EdDSA ]]; then
      settings=("${jmh_slow[@]}")
    fi
    for name in "${names[@]}"; do
      part="$parts_dir/round$round-$name.json"
      echo "== JMH round $round/$rounds: $name ($mode)" >&2
      # shellcheck disable=SC2086 # JMH_ARGS is split on purpose
      "$java" -jar "$jar" "VerifyBenchmark\.$name\$" -f 1 "${settings[@]}" ${JMH_ARGS:-} \
        -prof gc -rf json -rff "$part" >>"$parts_dir/round$round.log"
      grep -E "^VerifyBenchmark\.$name +thrpt" "$parts_dir/round$round.log" | tail -1 >&2 || true
      parts+=("$part")
    done
  done
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
