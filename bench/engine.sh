#!/usr/bin/env bash
# The engine's JMH benchmarks (bench/src/main/java/io/djangoguard/bench/jmh): one realistic object judged, parsed, and
# reviewed bytes to bytes (ObjectBenchmark), and the cost against containers x variables (ScalingBenchmark), with the GC
# profiler, so gc.alloc.rate.norm is the bytes allocated per judgment / per review. See bench/README.md "Engine (JMH)".
#
# Usage: bench/engine.sh [--quick] [REGEX...] [JMH options...]
#   --quick   a smoke run: 1 fork, 1 warm-up and 1 measurement iteration of 1 s each (numbers are not results)
#   REGEX     which benchmarks (default: all of them, io.djangoguard.bench.jmh.)
#   options   any JMH option; one given here replaces the default of the same name (-f 1 -wi 4 -w 2s -i 5 -r 2s),
#             e.g. bench/engine.sh ScalingBenchmark -p containers=10 -f 2 -i 10
# Builds the test classes first when the sources changed since the last build (under the build lock), writes the test
# classpath to target/bench-classpath.txt, runs from a copy of the classes (target/bench-engine/classes), prints the
# objects measured, JMH's own output, then one table:
# score (us/op), error, bytes allocated per op and, for the scaling grid, ns per variable (flat = linear).
# Results: target/bench-engine/jmh-result.csv. Environment: BUILD=never|always, MVNW_ARGS (default -B -ntp -o -q).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
user=()
for a in "$@"; do
    case "$a" in
        --quick) quick=1 ;;
        *) user+=("$a") ;;
    esac
done

# The build lock every build of this work tree takes (when flock exists); MVNW_ARGS, BUILD as the other scripts.
# shellcheck source=bench/lib.sh
. bench/lib.sh
out=target/bench-engine
mkdir -p "$out"

# Build when a source the benchmarks depend on is newer than the last build this script made (BUILD=never: use what
# is there; BUILD=always: rebuild).
stamp=$out/.built
if [ "${BUILD:-}" = always ] || { [ "${BUILD:-}" != never ] && { [ ! -f "$stamp" ] \
        || [ ! -f target/test-classes/META-INF/BenchmarkList ] \
        || [ -n "$(find bench/src/main/java src/main/java src/main/resources pom.xml -newer "$stamp" -print -quit)" ]; }; }; then
    echo "engine.sh: compiling the benchmarks (test-compile; waits for the build lock)" >&2
    mvnw test-compile
    touch "$stamp"
fi
grep -q 'io.djangoguard.bench.jmh' target/test-classes/META-INF/BenchmarkList || {
    echo "engine.sh: target/test-classes/META-INF/BenchmarkList lists no io.djangoguard.bench.jmh benchmark" >&2
    exit 1
}
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
    mvnw dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
# The forked JVMs load classes for minutes: run from a copy, taken under the build lock, so that a build started
# meanwhile (others share target/) cannot pull classes from under them.
snap=$out/classes
locked sh -c "rm -rf '$snap' && mkdir -p '$snap' && cp -rp target/classes '$snap/main' \
    && cp -rp target/test-classes '$snap/test'"
cp="$snap/test:$snap/main:$(cat target/bench-classpath.txt)"

# Defaults, dropped one by one when the caller gives the same option.
if [ $quick = 1 ]; then
    defaults=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
else
    defaults=(-f 1 -wi 4 -w 2s -i 5 -r 2s)
fi
given=" "
positional=0
i=0
while [ $i -lt ${#user[@]} ]; do
    a=${user[$i]}
    case "$a" in
        -h | -l | -lp | -lprof | -lrf) given+="$a " ;;
        -*) given+="$a "; i=$((i + 1)) ;;
        *) positional=1 ;;
    esac
    i=$((i + 1))
done
args=()
for ((j = 0; j < ${#defaults[@]}; j += 2)); do
    case "$given" in
        *" ${defaults[$j]} "*) ;;
        *) args+=("${defaults[$j]}" "${defaults[$j + 1]}") ;;
    esac
done
[ $positional = 1 ] || args+=('io\.djangoguard\.bench\.jmh\.')
# The review bench/http.sh posts is one of ObjectBenchmark's objects; without it, the others only.
review_file=bench/reviews/deployment-3-containers.json
describe=()
if [ -f $review_file ]; then
    describe=("file:$review_file")
else
    case "$given" in
        *" -p "*) ;;
        *) args+=(-p object=clean-deployment,dotenv-configmap,every-rule-deployment) ;;
    esac
fi

echo "== the objects (review and answer sizes, verdicts), judged once"
java -cp "$cp" io.djangoguard.bench.jmh.Scenario "${describe[@]}"
echo
csv=$out/jmh-result.csv
rm -f "$csv"
echo "== java org.openjdk.jmh.Main ${args[*]} ${user[*]} -prof gc -rf csv -rff $csv"
java -cp "$cp" org.openjdk.jmh.Main "${args[@]}" "${user[@]}" -prof gc -rf csv -rff "$csv"

[ -s "$csv" ] || exit 0
echo
echo "== results ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $([ $quick = 1 ] && echo 'quick smoke run: not a measurement' || echo "${args[*]} ${user[*]}"))"
awk -F',' '
    function unq(s) { gsub(/^"|"$/, "", s); return s }
    { sub(/\r$/, "") }
    NR == 1 {
        for (c = 1; c <= NF; c++) {
            h = unq($c)
            if (h == "Score") score = c
            else if (h ~ /^Score Error/) err = c
            else if (h == "Unit") unit = c
            else if (h ~ /^Param: /) { sub(/^Param: /, "", h); pname[c] = h }
        }
        next
    }
    {
        name = unq($1)
        params = ""
        split("", pv)
        for (c = 1; c <= NF; c++) if (c in pname) { v = unq($c); if (v != "") { pv[pname[c]] = v; params = params " " pname[c] "=" v } }
        split(name, parts, ":")
        base = parts[1]
        n = split(base, dots, ".")
        short = dots[n - 1] "." dots[n]
        key = short SUBSEP params
        if (name ~ /gc\.alloc\.rate\.norm/) { alloc[key] = unq($score); next }
        if (index(name, ":") > 0) next
        order[++rows] = key
        label[key] = short
        if ("object" in pv && pv["object"] != "") { np = split(pv["object"], pp, "/"); shown[key] = pp[np] }
        else if ("containers" in pv) { shown[key] = pv["containers"] " x " pv["variables"]; cells[key] = pv["containers"] * pv["variables"] }
        s[key] = unq($score); e[key] = unq($err); u[key] = unq($unit)
    }
    END {
        printf "%-24s %-28s %12s %10s %14s %10s\n", "benchmark", "object / containers x vars", "us/op", "+-", "B/op", "ns/var"
        for (r = 1; r <= rows; r++) {
            k = order[r]
            perVar = (k in cells) ? sprintf("%.1f", s[k] * 1000 / cells[k]) : ""
            errs = (e[k] == "NaN" || e[k] == "") ? "-" : sprintf("%.2f", e[k])
            printf "%-24s %-28s %12.2f %10s %14s %10s\n", label[k], shown[k], s[k], errs, (k in alloc) ? sprintf("%.0f", alloc[k]) : "-", perVar
        }
    }' "$csv"
