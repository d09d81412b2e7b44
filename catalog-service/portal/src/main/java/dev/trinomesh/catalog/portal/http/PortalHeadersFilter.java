package dev.trinomesh.catalog.portal.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The browser-facing headers of every portal response, pages and assets alike (a servlet filter, so it runs before
 * the class-path resources are served): a Content-Security-Policy that allows only the portal's own scripts, styles
 * and requests (no inline script or style at all), no framing, no MIME sniffing, no referrer to other sites.
 */
public class PortalHeadersFilter
        implements Filter
{
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException
    {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse && isPortal(http.getRequestURI())) {
            httpResponse.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            httpResponse.setHeader("X-Content-Type-Options", "nosniff");
            httpResponse.setHeader("Referrer-Policy", "same-origin");
            httpResponse.setHeader("Cross-Origin-Opener-Policy", "same-origin");
            httpResponse.setHeader("X-Frame-Options", "DENY");
            if (http.isSecure()) {
                httpResponse.setHeader("Strict-Transport-Security", "max-age=31536000");
            }
            // Pages show one person's view: never cached; assets are the same for everyone but change with each build.
            httpResponse.setHeader("Cache-Control", isAsset(http.getRequestURI()) ? "no-cache" : "no-store");
        }
        chain.doFilter(request, response);
    }

    private static boolean isPortal(String path)
    {
        return path.equals("/") || path.equals("/portal") || path.startsWith("/portal/");
    }

    private static boolean isAsset(String path)
    {
        return path.startsWith("/portal/assets/") || path.startsWith("/portal/vendor/");
    }
}
