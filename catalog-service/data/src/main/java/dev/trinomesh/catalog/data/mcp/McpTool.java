package dev.trinomesh.catalog.data.mcp;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * One tool of the MCP server: its definition (name, description, argument schema) and what it answers for a caller.
 * The answer is the tool's structured content; a refusal is a {@code ServiceException}, which the server turns into
 * a tool error with the service's message.
 */
public interface McpTool
{
    McpSchema.Tool definition();

    /** The answer for {@code caller}; every read in it is the caller's own. */
    Object call(ToolCaller caller, ToolArguments arguments);

    /** Read-only, idempotent and about the mesh alone: what every tool of this server is. */
    static McpSchema.ToolAnnotations readOnly(String title)
    {
        return McpSchema.ToolAnnotations.builder()
                .title(title)
                .readOnlyHint(true)
                .destructiveHint(false)
                .idempotentHint(true)
                .openWorldHint(false)
                .build();
    }
}
