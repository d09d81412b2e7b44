package dev.trinomesh.catalog.data.mcp;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * The servlet request with its body as Jersey hands it to the resource: the transport reads that stream, never the
 * container's, which a filter before the resource may have begun to read.
 */
final class BodyRequest
        extends HttpServletRequestWrapper
{
    private final ServletInputStream body;

    BodyRequest(HttpServletRequest request, InputStream body)
    {
        super(request);
        this.body = new BodyStream(requireNonNull(body, "body is null"));
    }

    @Override
    public ServletInputStream getInputStream()
    {
        return body;
    }

    @Override
    public BufferedReader getReader()
    {
        Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
        return new BufferedReader(new InputStreamReader(body, charset));
    }

    private static final class BodyStream
            extends ServletInputStream
    {
        private final InputStream in;
        private boolean finished;

        BodyStream(InputStream in)
        {
            this.in = in;
        }

        @Override
        public int read()
                throws IOException
        {
            int read = in.read();
            finished = read < 0;
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int read = in.read(buffer, offset, length);
            finished = read < 0;
            return read;
        }

        @Override
        public boolean isFinished()
        {
            return finished;
        }

        @Override
        public boolean isReady()
        {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener)
        {
            throw new UnsupportedOperationException("the MCP transport reads its requests blocking");
        }
    }
}
