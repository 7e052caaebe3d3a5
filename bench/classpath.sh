# Sourced by the bench scripts (from the repository root): compiles the test classes when a source changed since the
# last compile and sets BENCH_CP to the test classpath.
marker=target/test-classes/.bench-compiled
if [[ ! -f $marker || -n $(find src pom.xml -newer "$marker" -type f -print -quit) ]]; then
  mvn -B -q -DskipTests test-compile
  touch "$marker"
fi
classpath_file=target/bench.classpath
if [[ ! -f $classpath_file || pom.xml -nt $classpath_file ]]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
fi
BENCH_CP="target/test-classes:target/classes:$(cat "$classpath_file")"
