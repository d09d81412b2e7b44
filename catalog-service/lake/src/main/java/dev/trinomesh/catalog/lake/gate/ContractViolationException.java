package dev.trinomesh.catalog.lake.gate;

/**
 * A commit refused because it would break a published contract. Deliberately not Iceberg's
 * CommitFailedException: the server must not retry it; the REST layer answers 409 with the message.
 */
public class ContractViolationException
        extends RuntimeException
{
    public ContractViolationException(String message)
    {
        super(message);
    }
}
