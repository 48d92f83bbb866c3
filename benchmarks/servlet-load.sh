#!/usr/bin/env bash
# Servlet filter load run on loopback (issue 13): embedded Jetty 12 with no filter, the filter, and
# the filter with the verified-token cache, driven by a bounded JDK HttpClient loop. See FilterLoad.
#
#   benchmarks/servlet-load.sh [SECONDS] [THREADS]    # default 20 s per setup, 4 client threads
#
# Writes benchmarks/results/servlet-load.json. Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
threads="${2:-4}"
classpath_file=$(mktemp)
./mvnw -q -B -DskipTests test-compile dependency:build-classpath -pl servlet-filter -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
cp="servlet-filter/target/test-classes:servlet-filter/target/classes:$(cat "$classpath_file")"
rm -f "$classpath_file"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$cp" dev.verity.jwt.servlet.FilterLoad "$seconds" "$threads" benchmarks/results/servlet-load.json
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
