package dev.trinomesh.catalog.data.cursor;

import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.request.Filter;
import dev.trinomesh.catalog.data.request.FilterOperator;
import dev.trinomesh.catalog.data.request.ReadQuery;
import dev.trinomesh.catalog.data.request.SortKey;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TestCursorCodec
{
    private static final byte[] KEY = new byte[32];
    private final CursorCodec codec = new CursorCodec(KEY, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final Cursor cursor = new Cursor("alice", "sales_orders", 1, "orders", 42L,
            new ReadQuery(List.of("orderkey"), List.of(new Filter("orderstatus", FilterOperator.IN, List.of("O", "F"))), List.of(new SortKey("totalprice", true))),
            Arrays.asList("1000.5", null), 0, codec.now() + 60);

    @Test
    void aCursorComesBackAsItWasMade()
    {
        String text = codec.encode(cursor);
        assertThat(text).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(codec.decode(text, "alice")).isEqualTo(cursor);
    }

    @Test
    void anAlteredForeignExpiredOrOtherKeysCursorIsRefused()
    {
        String text = codec.encode(cursor);
        String altered = (text.charAt(3) == 'A' ? 'B' : 'A') + "";
        assertThat(status(() -> codec.decode(text.substring(0, 3) + altered + text.substring(4), "alice"))).isEqualTo(400);
        assertThat(status(() -> codec.decode(text + "x", "alice"))).isEqualTo(400);
        assertThat(status(() -> codec.decode("nonsense", "alice"))).isEqualTo(400);
        assertThat(status(() -> codec.decode(text, "bob"))).isEqualTo(400);
        CursorCodec otherKey = new CursorCodec(new byte[] {1, 2, 3}, Clock.systemUTC());
        assertThat(status(() -> otherKey.decode(text, "alice"))).isEqualTo(400);
        CursorCodec later = new CursorCodec(KEY, Clock.fixed(Instant.parse("2026-01-01T00:02:00Z"), ZoneOffset.UTC));
        assertThat(status(() -> later.decode(text, "alice"))).isEqualTo(410);
    }

    private static int status(Runnable decode)
    {
        return catchThrowableOfType(ServiceException.class, decode::run).status();
    }
}
