package dev.trinomesh.catalog.portal.view;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The portal's templates, compiled at build time; every value they print is HTML-escaped for where it goes. */
public final class Templates
{
    public static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("utf-8");

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, "dev.trinomesh.catalog.portal.templates");

    public String render(String template, Object page)
    {
        StringOutput output = new StringOutput();
        engine.render(template, page, output);
        return output.toString();
    }

    public Response page(String template, Object page)
    {
        return page(200, template, page);
    }

    public Response page(int status, String template, Object page)
    {
        return Response.status(status).type(HTML).entity(render(template, page)).build();
    }
}
