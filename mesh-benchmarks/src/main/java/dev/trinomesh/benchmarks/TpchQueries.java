package dev.trinomesh.benchmarks;

/** TPC-H Q1 and Q6 over lineitem, with the table left as a %s placeholder. */
final class TpchQueries
{
    static final String Q1 = """
            SELECT returnflag, linestatus, sum(quantity) AS sum_qty, sum(extendedprice) AS sum_base_price,
                   sum(extendedprice * (1 - discount)) AS sum_disc_price, sum(extendedprice * (1 - discount) * (1 + tax)) AS sum_charge,
                   avg(quantity) AS avg_qty, avg(extendedprice) AS avg_price, avg(discount) AS avg_disc, count(*) AS count_order
            FROM %s
            WHERE shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
            GROUP BY returnflag, linestatus
            ORDER BY returnflag, linestatus""";
    static final String Q6 = """
            SELECT sum(extendedprice * discount) AS revenue
            FROM %s
            WHERE shipdate >= DATE '1994-01-01' AND shipdate < DATE '1995-01-01'
              AND discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND quantity < 24""";

    private TpchQueries() {}
}
