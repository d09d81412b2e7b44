package dev.trinomesh.catalog.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestTextAnalysis
{
    private final TextAnalysis analysis = new TextAnalysis();

    @Test
    void namesAreIndexedWholeAndInParts()
    {
        assertThat(analysis.rawTerms("sales_orders")).containsExactly("sales_orders", "sales", "orders");
        assertThat(analysis.rawTerms("customerProfiles")).containsExactly("customerprofiles", "customer", "profiles");
        assertThat(analysis.stemmedTerms("sales_orders")).containsExactly("sales_ord", "sale", "order");
    }

    @Test
    void textIsLowerCasedFoldedAndStemmedOnlyWhereStemmed()
    {
        assertThat(analysis.rawTerms("Café Revenues")).containsExactly("cafe", "revenues");
        assertThat(analysis.stemmedTerms("Café Revenues")).containsExactly("cafe", "revenu");
    }

    @Test
    void aQuerySplitsNamesIntoWordsThatMustAllMatch()
    {
        assertThat(analysis.queryWords("monthly_net_revenue")).containsExactly("monthly", "net", "revenue");
        assertThat(analysis.queryWords("Order revnue")).containsExactly("order", "revnue");
        assertThat(analysis.stem("revenue")).isEqualTo("revenu");
    }

    @Test
    void typosAreCountedOnTheRawWordAfterItsFirstLetter()
    {
        QueryTerm revnue = new QueryTerm("revnue", analysis.stem("revnue"));
        assertThat(revnue.maxEdits()).isEqualTo(1);
        assertThat(revnue.matches(analysis.stemmedTerms("revenue"), analysis.rawTerms("revenue"))).isTrue();
        assertThat(revnue.matches(analysis.stemmedTerms("avenue"), analysis.rawTerms("avenue"))).isFalse();
        QueryTerm net = new QueryTerm("net", "net");
        assertThat(net.maxEdits()).isZero();
        assertThat(net.matches(analysis.stemmedTerms("nut"), analysis.rawTerms("nut"))).isFalse();
        QueryTerm cust = new QueryTerm("cust", "cust");
        assertThat(cust.matches(analysis.stemmedTerms("custkey"), analysis.rawTerms("custkey"))).isTrue();
    }
}
