#!/usr/bin/env bash
# spark-submit on a machine without a Spark distribution: runs Spark's own launcher
# (org.apache.spark.launcher.Main, what bin/spark-submit runs) over the Spark jars this build
# resolved for the spark module (spark-sql and everything it depends on, Vigil's own jars left
# out), linked into spark/target/spark-home/jars.
# So the driver JVM gets exactly spark-submit's command line: class path SPARK_HOME/jars/*,
# --add-opens module options, -Xmx1g unless --driver-memory says otherwise.
#
# usage: spark/scripts/spark-submit-local.sh [spark-submit options] APP.jar [app options]
#   e.g. spark/scripts/spark-submit-local.sh --master 'local[2]' --class dev.vigil.spark.ScanJob \
#          spark/target/vigil-spark.jar --input samples/ --output /tmp/vigil-out --format jsonl
# Needs the jars built first: ./mvnw -B -q package -DskipTests
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
home="$root/spark/target/spark-home"
cp_file="$root/spark/target/spark-classpath.txt"
if [ ! -d "$home/jars" ]; then
  if [ ! -f "$cp_file" ]; then
    # compile + provided scope minus what vigil-spark.jar itself carries (Jackson stays: Spark uses it)
    (cd "$root" && ./mvnw -B -q -o -pl spark -am package dependency:build-classpath -DskipTests \
      -DincludeScope=compile -Dmdep.outputFile=target/spark-classpath.txt \
      -DexcludeGroupIds=dev.vigil,com.microsoft.onnxruntime,org.jflac,javazoom,org.jcraft,com.gitlab.9lukas5,info.picocli >&2)
  fi
  mkdir -p "$home/jars" "$home/conf"
  tr ':' '\n' <"$cp_file" | while read -r jar; do ln -sf "$jar" "$home/jars/"; done
  # Spark logs at INFO by default; warnings and the job's own summary are enough here
  printf '%s\n' 'rootLogger.level = warn' 'rootLogger.appenderRef.stderr.ref = console' \
    'appender.console.type = Console' 'appender.console.name = console' \
    'appender.console.target = SYSTEM_ERR' 'appender.console.layout.type = PatternLayout' \
    'appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex' >"$home/conf/log4j2.properties"
fi
java=java
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; fi
# local mode on this machine: every Spark endpoint on the loopback address
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
# the launcher prints NUL, a line break, then the command NUL-separated (bin/spark-class reads it)
cmd=()
started=false
while IFS= read -r -d '' arg; do
  if $started; then cmd+=("${arg#$'\n'}"); elif [ -z "$arg" ]; then started=true; fi
done < <(SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 "$java" -Xmx128m -cp "$home/jars/*" \
  org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@")
if [ ${#cmd[@]} -eq 0 ]; then
  echo "spark-submit-local: Spark's launcher gave no command" >&2
  exit 1
fi
# ONNX Runtime 1.29's telemetry off in the driver and, through spark.executorEnv, the executors
export ORT_DISABLE_TELEMETRY=1
exec "${cmd[@]}"
