#!/usr/bin/env bash
# Heap the informer caches cost per 1,000 ConfigMaps and per 1,000 Deployments (SlimStore).
# Usage: bench/cache-footprint.sh [count]   (builds test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile >/dev/null
cp=$(./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
java -Xmx2g -cp "target/test-classes:target/classes:$cp" io.djangoguard.lookup.CacheFootprint "${1:-10000}"
