#!/usr/bin/env bash
# Lambda cold start, through the real runtime interface client (issue 12): verity-authorizer.jar
# against a naive Nimbus JOSE+JWT authorizer doing the same work. See LambdaColdStart's javadoc.
#
#   benchmarks/lambda-cold-start.sh [RUNS]     # default 10 runs each, after one warm-up round
#
# Writes benchmarks/results/lambda-cold-start.json. Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
classpath_file=$(mktemp)
# One reactor run: the jar, the test classes, and the test class path (the last module's file wins).
./mvnw -q -B -DskipTests package dependency:build-classpath -pl aws-lambda-adapter -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
cp="aws-lambda-adapter/target/test-classes:aws-lambda-adapter/target/classes:$(cat "$classpath_file")"
rm -f "$classpath_file"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dverity.authorizer.jar=aws-lambda-adapter/target/verity-authorizer.jar -cp "$cp" \
  dev.verity.jwt.lambda.LambdaColdStart "$runs" benchmarks/results/lambda-cold-start.json
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
