package dev.trinomesh.catalog.portal.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A horizontal bar chart laid out for SVG: the template draws it with presentation attributes only (the
 * Content-Security-Policy allows no inline style), and the same numbers go in a table for screen readers.
 */
public record BarChart(String title, String description, int width, int height, List<Bar> bars)
{
    private static final int WIDTH = 640;
    private static final int ROW = 26;
    private static final int LABEL = 200;
    private static final int VALUE = 70;

    public record Bar(String label, long value, int y, int length, int textY, int valueX) {}

    public static BarChart of(String title, String description, Map<String, Long> values)
    {
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        int y = 4;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            int length = (int) Math.max(1, Math.round((double) entry.getValue() / Math.max(1, max) * (WIDTH - LABEL - VALUE)));
            bars.add(new Bar(entry.getKey(), entry.getValue(), y, length, y + 15, LABEL + length + 6));
            y += ROW;
        }
        return new BarChart(title, description, WIDTH, y + 4, bars);
    }

    public String id()
    {
        return "chart-" + Integer.toHexString(title.hashCode());
    }

    public int labelWidth()
    {
        return LABEL;
    }
}
