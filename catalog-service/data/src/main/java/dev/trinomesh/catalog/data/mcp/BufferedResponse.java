package dev.trinomesh.catalog.data.mcp;

import dev.trinomesh.api.model.ApiError;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the MCP transport servlet answers, kept rather than sent: the resource returns it to Jersey as its response,
 * so that Jersey, which owns the exchange, writes status, headers and body once. The stateless transport answers each
 * request with one JSON document (it streams nothing), so keeping it costs what the answer weighs. An error the
 * transport sends ({@code sendError}) becomes the service's error document.
 */
final class BufferedResponse
        extends HttpServletResponseWrapper
{
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private int status = SC_OK;
    private String error;
    private String contentType;
    private String characterEncoding = StandardCharsets.UTF_8.name();
    private PrintWriter writer;

    BufferedResponse(HttpServletResponse response)
    {
        super(response);
    }

    /** The kept answer as a JAX-RS response. */
    Response toResponse()
    {
        if (writer != null) {
            writer.flush();
        }
        Response.ResponseBuilder response = Response.status(status);
        headers.forEach((name, values) -> values.forEach(value -> response.header(name, value)));
        if (error != null) {
            return response.type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(status, reasonPhrase(status).replace(" ", ""), error, List.of()))
                    .build();
        }
        if (body.size() > 0) {
            response.entity(body.toByteArray()).type(contentType == null ? MediaType.APPLICATION_JSON : contentType);
        }
        return response.build();
    }

    private static String reasonPhrase(int status)
    {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    @Override
    public void setStatus(int status)
    {
        this.status = status;
    }

    @Override
    public int getStatus()
    {
        return status;
    }

    @Override
    public void sendError(int status)
    {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String message)
    {
        this.status = status;
        this.error = message != null ? message : reasonPhrase(status);
        if (status == SC_METHOD_NOT_ALLOWED) {
            // The stateless transport takes messages by POST only: no stream to GET, no session to DELETE.
            setHeader("Allow", "POST");
            this.error = "the MCP server takes messages by POST (stateless Streamable HTTP: it offers no event stream to GET and keeps no session to DELETE)";
        }
        resetBuffer();
    }

    @Override
    public void setContentType(String type)
    {
        this.contentType = type;
        if (type != null) {
            try {
                MediaType parsed = MediaType.valueOf(type);
                if (parsed.getParameters().containsKey(MediaType.CHARSET_PARAMETER)) {
                    characterEncoding = parsed.getParameters().get(MediaType.CHARSET_PARAMETER);
                }
            }
            catch (IllegalArgumentException ignored) {
                // kept as given
            }
        }
    }

    @Override
    public String getContentType()
    {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String characterEncoding)
    {
        if (characterEncoding != null) {
            this.characterEncoding = characterEncoding;
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("charset=")) {
                contentType = contentType + ";charset=" + characterEncoding;
            }
        }
    }

    @Override
    public String getCharacterEncoding()
    {
        return characterEncoding;
    }

    @Override
    public ServletOutputStream getOutputStream()
    {
        return new ServletOutputStream()
        {
            @Override
            public void write(int b)
            {
                body.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length)
            {
                body.write(bytes, offset, length);
            }

            @Override
            public boolean isReady()
            {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener)
            {
                throw new UnsupportedOperationException("the MCP transport writes its answers blocking");
            }
        };
    }

    @Override
    public PrintWriter getWriter()
    {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, Charset.forName(characterEncoding)));
        }
        return writer;
    }

    @Override
    public void setHeader(String name, String value)
    {
        headers.put(name, new ArrayList<>(List.of(value)));
    }

    @Override
    public void addHeader(String name, String value)
    {
        headers.computeIfAbsent(name, _ -> new ArrayList<>()).add(value);
    }

    @Override
    public void setIntHeader(String name, int value)
    {
        setHeader(name, String.valueOf(value));
    }

    @Override
    public void addIntHeader(String name, int value)
    {
        addHeader(name, String.valueOf(value));
    }

    @Override
    public boolean containsHeader(String name)
    {
        return headers.containsKey(name);
    }

    @Override
    public String getHeader(String name)
    {
        List<String> values = headers.get(name);
        return values == null ? null : values.getFirst();
    }

    @Override
    public Collection<String> getHeaders(String name)
    {
        return List.copyOf(headers.getOrDefault(name, List.of()));
    }

    @Override
    public Collection<String> getHeaderNames()
    {
        return List.copyOf(headers.keySet());
    }

    @Override
    public void setContentLength(int length) {}

    @Override
    public void setContentLengthLong(long length) {}

    @Override
    public void flushBuffer()
    {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public boolean isCommitted()
    {
        return false;
    }

    @Override
    public void resetBuffer()
    {
        if (writer != null) {
            writer.flush();
        }
        body.reset();
    }

    @Override
    public void reset()
    {
        resetBuffer();
        headers.clear();
        status = SC_OK;
        error = null;
        contentType = null;
    }
}
