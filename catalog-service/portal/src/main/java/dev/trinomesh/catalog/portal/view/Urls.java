package dev.trinomesh.catalog.portal.view;

import java.net.URLEncoder;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Links between portal pages, with every name encoded for where it goes in the URL. */
public final class Urls
{
    private Urls() {}

    public static String product(String product)
    {
        return "/portal/products/" + segment(product);
    }

    public static String dataset(String product, String dataset)
    {
        return product(product) + "#dataset-" + segment(dataset);
    }

    public static String lineage(String product, String dataset)
    {
        return product(product) + "/datasets/" + segment(dataset) + "/lineage";
    }

    public static String search(String query)
    {
        return "/portal/search?q=" + query(query);
    }

    public static String segment(String value)
    {
        return URLEncoder.encode(value, UTF_8).replace("+", "%20");
    }

    public static String query(String value)
    {
        return URLEncoder.encode(value, UTF_8);
    }
}
