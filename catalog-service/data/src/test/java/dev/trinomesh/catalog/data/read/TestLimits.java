package dev.trinomesh.catalog.data.read;

import dev.trinomesh.catalog.core.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestLimits
{
    @Test
    void aBurstThenTheSustainedRate()
    {
        AtomicLong now = new AtomicLong();
        Limits limits = new Limits(2, 3, 10, now::get);
        for (int i = 0; i < 3; i++) {
            limits.admit("alice");
        }
        ServiceException refusal = catchThrowableOfType(ServiceException.class, () -> limits.admit("alice"));
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.headers()).containsEntry("Retry-After", "1");
        limits.admit("bob");
        // Half a second later one more token has come (2 a second).
        now.addAndGet(500_000_000L);
        limits.admit("alice");
        assertThatThrownBy(() -> limits.admit("alice")).isInstanceOf(ServiceException.class);
    }

    @Test
    void runningReadsPerPerson()
    {
        Limits limits = new Limits(100, 100, 2, System::nanoTime);
        Limits.Slot first = limits.start("alice");
        Limits.Slot second = limits.start("alice");
        assertThat(catchThrowableOfType(ServiceException.class, () -> limits.start("alice")).status()).isEqualTo(429);
        limits.start("bob").close();
        first.close();
        first.close();
        limits.start("alice").close();
        second.close();
    }
}
