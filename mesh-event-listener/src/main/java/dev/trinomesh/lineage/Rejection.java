package dev.trinomesh.lineage;

import static java.util.Objects.requireNonNull;

/** An event a destination refused as invalid ({@code status} is its HTTP status): it is kept aside, never retried. */
@SuppressWarnings("ArrayRecordComponent") // written out once, never compared
record Rejection(byte[] event, int status, String reason)
{
    Rejection
    {
        requireNonNull(event, "event is null");
        requireNonNull(reason, "reason is null");
    }
}
