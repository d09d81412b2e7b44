#!/usr/bin/env bash
# Makes a catalog-service database with the code of main before the area split (ee73d20): H2 and PostgreSQL.
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA=$JAVA_HOME/bin/java
SVC=/tmp/legacy/svc
CLI=/tmp/baseline/mesh-cli/target/mesh-cli-0.1.0-SNAPSHOT-executable.jar
OUT=/tmp/legacy/out
REPO=/tmp/baseline
kind=$1 url=$2 port=$3
lake=$OUT/$kind/lake
mkdir -p "$lake"
cat > $OUT/$kind/config.properties <<CFG
node.environment=legacy
http-server.http.port=$port
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
database.url=$url
lake.local.root=$lake
http-server.log.path=$OUT/$kind/http-request.log
CFG
[ -n "${4:-}" ] && printf 'database.user=%s\n' "$4" >> $OUT/$kind/config.properties
$JAVA -Dconfig=$OUT/$kind/config.properties -cp "$SVC/lib/*" dev.trinomesh.catalog.CatalogService > $OUT/$kind/service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
S=http://127.0.0.1:$port
for _ in $(seq 60); do curl -sf -H 'X-Mesh-User: admin' $S/v1/products >/dev/null && break; sleep 1; done
cli() { $JAVA --sun-misc-unsafe-memory-access=allow -jar $CLI "$@"; }
cli apply --service $S --user admin -f $REPO/examples/demo
cli users set --service $S --user admin alice segment=BUILDING
cli users set --service $S --user admin bob segment=AUTOMOBILE
# A second revision of one product: published.
curl -sf -X POST -H 'X-Mesh-User: admin' -H 'Content-Type: application/json' -H 'If-Match: *' -d '{"status":"published"}' $S/v1/products/returns_analysis/status >/dev/null
$JAVA -cp "$SVC/lib/*" /tmp/legacy/WriteLake.java $S "$lake"
curl -sf -X POST -H 'X-Mesh-User: admin' -H 'Content-Type: application/json' -d '{"dataset":"regions","name":"2026-q4","description":"made before the area split"}' $S/v1/products/customer_profiles/releases
echo
cat > $OUT/$kind/events.json <<'JSON'
[{"eventType":"COMPLETE","eventTime":"2026-12-01T10:00:00Z","producer":"urn:legacy-fixture","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
  "run":{"runId":"01936f7e-0000-7000-8000-000000000001"},"job":{"namespace":"trino","name":"q-legacy-1"},
  "inputs":[{"namespace":"trino","name":"lake.customer_profiles.regions"}],
  "outputs":[{"namespace":"trino","name":"lake.sales_revenue.region_names","facets":{"columnLineage":{"_producer":"urn:legacy-fixture","_schemaURL":"https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
     "fields":{"region":{"inputFields":[{"namespace":"trino","name":"lake.customer_profiles.regions","field":"name"}]}}}}}]}]
JSON
curl -sf -X POST -H 'X-Mesh-User: admin' -H 'Content-Type: application/json' --data-binary @$OUT/$kind/events.json $S/v1/lineage/batch
echo
curl -sf -H 'X-Mesh-User: admin' "$S/v1/lineage/upstream?dataset=lake.sales_revenue.region_names&column=region" | head -c 400
echo
kill $pid; wait $pid 2>/dev/null || true
trap - EXIT
