package dev.trinomesh.catalog.data.format;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * CSV as RFC 4180 has it: a header line of column names, CRLF line ends, a field quoted when it holds a comma, a quote,
 * a line break or edge spaces. Null is an empty field and the empty string a quoted one ({@code ""}), so the two stay
 * apart; arrays, maps and rows are written as JSON text.
 */
public final class CsvRows
        implements RowWriter
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Writer out;
    private final int width;

    public CsvRows(OutputStream out, PageHeader header)
            throws IOException
    {
        this.out = new BufferedWriter(new OutputStreamWriter(out, UTF_8), 64 * 1024);
        this.width = header.columns().size();
        for (int i = 0; i < width; i++) {
            if (i > 0) {
                this.out.write(',');
            }
            field(header.columns().get(i).name());
        }
        this.out.write("\r\n");
    }

    @Override
    public void row(Object[] values)
            throws IOException
    {
        for (int i = 0; i < width; i++) {
            if (i > 0) {
                out.write(',');
            }
            Object value = values[i];
            if (value instanceof List<?> || value instanceof Map<?, ?>) {
                field(MAPPER.writeValueAsString(value));
            }
            else if (value != null) {
                field(Values.text(value));
            }
        }
        out.write("\r\n");
    }

    private void field(String text)
            throws IOException
    {
        if (text.isEmpty() || needsQuotes(text)) {
            out.write('"');
            out.write(text.replace("\"", "\"\""));
            out.write('"');
        }
        else {
            out.write(text);
        }
    }

    private static boolean needsQuotes(String text)
    {
        if (text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void end(PageEnd end)
            throws IOException
    {
        out.flush();
    }
}
