package dev.trinomesh.catalog.identity.authentication;

/** Failed attempts counted by every replica of the service. */
public interface FailureTally
{
    /** Counts one failure of {@code client} in {@code minute} (minutes since the epoch); returns its failures in that minute so far. */
    int add(String client, long minute);
}
