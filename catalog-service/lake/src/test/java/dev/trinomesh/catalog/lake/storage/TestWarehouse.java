package dev.trinomesh.catalog.lake.storage;

import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The places of a warehouse's namespaces, as locations and as S3 keys. */
class TestWarehouse
{
    @Test
    void namespacePlaces()
    {
        Warehouse warehouse = new Warehouse("s3://lake/warehouse/");
        assertThat(warehouse.namespaceLocation(Namespace.of("sales"))).isEqualTo("s3://lake/warehouse/sales/");
        assertThat(warehouse.namespaceLocation(Namespace.of("a", "b"))).isEqualTo("s3://lake/warehouse/a/b/");
        assertThat(warehouse.contains(Namespace.of("sales"), "s3://lake/warehouse/sales/orders/metadata/v1.metadata.json")).isTrue();
        assertThat(warehouse.contains(Namespace.of("sales"), "s3://lake/warehouse/sales_archive/orders")).isFalse();
        assertThat(warehouse.contains(Namespace.of("sales"), "s3://lake/warehouse/sales/../crm/orders")).isFalse();
        assertThat(warehouse.contains(Namespace.of("sales"), "s3://lake/warehouse/sales/./orders")).isFalse();
        assertThat(Warehouse.isUnder("file:/warehouse/sales/t", "file:///warehouse/sales/")).isTrue();
    }

    @Test
    void s3Keys()
    {
        Warehouse warehouse = new Warehouse("s3://lake/warehouse");
        assertThat(warehouse.bucket()).contains("lake");
        assertThat(warehouse.namespaceOfKey("warehouse/sales/orders/data/x.parquet")).contains(Namespace.of("sales"));
        assertThat(warehouse.namespaceOfKey("warehouse/sales/")).contains(Namespace.of("sales"));
        assertThat(warehouse.namespaceOfKey("warehouse/sales")).isEmpty();
        assertThat(warehouse.namespaceOfKey("warehouse/")).isEmpty();
        assertThat(warehouse.namespaceOfKey("warehouses/sales/x")).isEmpty();
        assertThat(warehouse.namespaceOfKey("elsewhere/sales/x")).isEmpty();
        assertThat(warehouse.containsKey("warehouse/x")).isTrue();
        assertThat(warehouse.containsKey("warehouse/")).isFalse();
        assertThat(warehouse.containsKey("warehouse")).isFalse();

        Warehouse bucketRoot = new Warehouse("s3a://my_lake");
        assertThat(bucketRoot.bucket()).contains("my_lake");
        assertThat(bucketRoot.namespaceOfKey("sales/orders/x")).contains(Namespace.of("sales"));
        assertThat(new Warehouse("local:///warehouse").bucket()).isEmpty();
    }
}
