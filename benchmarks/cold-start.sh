#!/usr/bin/env bash
# Cold start of Verity and its peers: fresh JVMs, JWKS from loopback (http and https), wall time
# to the first verified token and classes loaded; medians written as JSON (issue 4).
#
#   benchmarks/cold-start.sh [mode] [runs]    # defaults: quick 10
#
# Writes benchmarks/results/<mode>-cold-start.json. Builds benchmarks.jar first if it is missing.
set -euo pipefail

mode="${1:-quick}"
runs="${2:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
jar=benchmarks/target/benchmarks.jar

if [[ ! -f "$jar" ]]; then
  ./mvnw -q -B -DskipTests package -pl benchmarks -am
fi
mkdir -p benchmarks/results
"$java" -cp "$jar" dev.verity.jwt.benchmarks.ColdStart \
  --runs "$runs" --out "benchmarks/results/$mode-cold-start.json"
