package dev.trinomesh.catalog.portal.view;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as people read them: UTC to the minute, and ages in the largest unit that fits. */
public final class Times
{
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String at(Instant instant)
    {
        return instant == null ? "" : MINUTES.format(instant);
    }

    public static String age(long seconds)
    {
        Duration age = Duration.ofSeconds(seconds);
        if (age.toDays() > 0) {
            return age.toDays() + " d";
        }
        if (age.toHours() > 0) {
            return age.toHours() + " h";
        }
        if (age.toMinutes() > 0) {
            return age.toMinutes() + " min";
        }
        return seconds + " s";
    }
}
