package dev.trinomesh.lineage;

import dev.trinomesh.lineage.LineageTransport.Verdict;
import org.junit.jupiter.api.Test;

import static dev.trinomesh.lineage.LineageTransport.Verdict.DELIVERED;
import static dev.trinomesh.lineage.LineageTransport.Verdict.REFUSED;
import static dev.trinomesh.lineage.LineageTransport.Verdict.RETRY;
import static dev.trinomesh.lineage.LineageTransport.Verdict.TOO_LARGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each HTTP status means for the events. TestLineageDelivery meets the statuses the real lineage store gives
 * (200, 400, 401, 403, 413, and no answer); the others, which it does not give on demand (5xx, 429...), are
 * pinned here rather than with a fake server.
 */
class TestLineageTransport
{
    @Test
    void successIsDelivered()
    {
        assertThat(Verdict.of(200)).isEqualTo(DELIVERED);
        assertThat(Verdict.of(201)).isEqualTo(DELIVERED);
        assertThat(Verdict.of(204)).isEqualTo(DELIVERED);
    }

    @Test
    void tooLargeIsSplit()
    {
        assertThat(Verdict.of(413)).isEqualTo(TOO_LARGE);
    }

    @Test
    void invalidEventsAreRefusedAndNotRetried()
    {
        assertThat(Verdict.of(400)).isEqualTo(REFUSED);
        assertThat(Verdict.of(409)).isEqualTo(REFUSED);
        assertThat(Verdict.of(422)).isEqualTo(REFUSED);
    }

    @Test
    void whatIsNotAboutTheEventsIsRetried()
    {
        // credentials, a missing endpoint, timing, and the service's own trouble
        for (int status : new int[] {401, 403, 404, 405, 408, 425, 429, 500, 502, 503, 504}) {
            assertThat(Verdict.of(status)).as("HTTP %s", status).isEqualTo(RETRY);
        }
        // no answer that makes sense: tried again rather than given up
        assertThat(Verdict.of(302)).isEqualTo(RETRY);
    }
}
