package dev.trinomesh.api.descriptor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** The text is not well-formed YAML or JSON; the message gives line and column. */
public class DescriptorSyntaxException
        extends Exception
{
    public DescriptorSyntaxException(String message)
    {
        super(message);
    }

    public DescriptorSyntaxException(JsonProcessingException cause)
    {
        super(describe(cause), cause);
    }

    private static String describe(JsonProcessingException cause)
    {
        JsonLocation location = cause.getLocation();
        String where = location == null ? "" : " at line %s, column %s".formatted(location.getLineNr(), location.getColumnNr());
        return "malformed YAML/JSON" + where + ": " + cause.getOriginalMessage();
    }
}
