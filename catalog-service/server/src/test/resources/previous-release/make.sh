#!/usr/bin/env bash
# Makes a catalog-service database (H2) and its lake with the previous release, commit f23c894:
#   git worktree add /tmp/prev-release f23c894
#   (cd /tmp/prev-release && mvn -o -q package -pl catalog-service/server,mesh-cli -am -DskipTests)
#   unzip catalog-service/server/target/catalog-service-server-0.1.0-SNAPSHOT-distribution.zip -d /tmp/prev-svc
#   ./make.sh  (writes /tmp/prev-out/h2; copy catalog.mv.db and lake/ here)
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
JAVA=$JAVA_HOME/bin/java
REPO=/tmp/prev-release
SVC=/tmp/prev-svc
CLI=$REPO/mesh-cli/target/mesh-cli-0.1.0-SNAPSHOT-executable.jar
OUT=/tmp/prev-out/h2
HERE=$(cd "$(dirname "$0")" && pwd)
port=18191
mkdir -p "$OUT/lake"
# Service tokens of the fixture (not secrets: they exist only here).
ADMIN=fixture-admin-token TRINO=fixture-trino-token
{ printf 'admin:sha256:%s\n' "$(printf %s $ADMIN | sha256sum | cut -d' ' -f1)"
  printf 'trino:sha256:%s\n' "$(printf %s $TRINO | sha256sum | cut -d' ' -f1)"; } > "$OUT/api-tokens"
cat > "$OUT/config.properties" <<CFG
node.environment=previous
http-server.http.port=$port
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
database.url=jdbc:h2:file:$OUT/catalog
lake.warehouse=local:///warehouse
lake.local.root=$OUT/lake
lake.trino-catalog=lake
governance.admins=user:admin
governance.group-file=$REPO/etc/trino/groups.txt
api.token-file=$OUT/api-tokens
identity.token.max-lifetime=3650d
lineage.trino-namespace=trino
lineage.mesh-catalog=mesh
# A Trino that is not there: quality runs are accepted and queued, and fail when the worker finds no Trino.
trino.uri=http://127.0.0.1:1
http-server.log.path=$OUT/http-request.log
CFG
$JAVA --add-opens=java.base/java.nio=ALL-UNNAMED -Dconfig=$OUT/config.properties -cp "$SVC/lib/*" dev.trinomesh.catalog.server.CatalogService > $OUT/service.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
S=http://127.0.0.1:$port
auth="Authorization: Bearer $ADMIN"
for _ in $(seq 90); do curl -sf -H "$auth" $S/v1/products >/dev/null && break; sleep 1; done
cli() { $JAVA --sun-misc-unsafe-memory-access=allow -jar $CLI "$@"; }
export MESH_TOKEN=$ADMIN
cli apply --service $S -f $REPO/examples/demo
cli apply --service $S -f $REPO/examples/demo/pipelines
curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' -H 'If-Match: *' -d '{"status":"published"}' $S/v1/products/returns_analysis/status >/dev/null
# alice's personal token, made by a governance admin; it must still let her in after the upgrade.
curl -sf -X POST -H "$auth" -H 'Content-Type: application/json' -d '{"user":"alice","name":"before-upgrade","expiresIn":"3650d"}' $S/v1/tokens > $OUT/alice-token.json
cat $OUT/alice-token.json; echo
$JAVA -cp "$SVC/lib/*" $HERE/WriteLake.java $S "$OUT/lake" $TRINO
# A quality run of sales_orders: queued, then failed by the worker (no Trino answers at trino.uri).
curl -sf -X POST -H "$auth" "$S/v1/quality/runs?product=sales_orders" > $OUT/quality-run.json
cat $OUT/quality-run.json; echo
sleep 5
curl -sf -H "$auth" "$S/v1/quality/runs/$(sed 's/.*"id":\([0-9]*\).*/\1/' $OUT/quality-run.json)"; echo
kill $pid; wait $pid 2>/dev/null || true
trap - EXIT
