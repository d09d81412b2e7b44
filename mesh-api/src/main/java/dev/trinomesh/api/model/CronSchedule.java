package dev.trinomesh.api.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static java.time.temporal.ChronoUnit.DAYS;
import static java.time.temporal.ChronoUnit.HOURS;
import static java.time.temporal.ChronoUnit.MINUTES;
import static java.util.Objects.requireNonNull;

/**
 * A five-field cron expression, read in UTC: minute (0-59), hour (0-23), day of month (1-31), month (1-12) and day of
 * week (0-7, both 0 and 7 being Sunday). Each field is a comma-separated list of {@code *}, a value {@code a}, a range
 * {@code a-b}, or a step {@code *}{@code /n} or {@code a-b/n}. As in cron, when both day fields are restricted (neither
 * starts with {@code *}) a day matches when either does; otherwise both must.
 */
public final class CronSchedule
{
    private static final List<FieldRange> FIELDS = List.of(
            new FieldRange("minute", 0, 59),
            new FieldRange("hour", 0, 23),
            new FieldRange("day-of-month", 1, 31),
            new FieldRange("month", 1, 12),
            new FieldRange("day-of-week", 0, 7));
    // A schedule that fires at all fires within 8 years (29 February skips 2100); a little more for the search.
    private static final int SEARCH_YEARS = 9;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    // Either day field starting with '*': a day must then match both (cron's rule).
    private final boolean bothDays;

    private CronSchedule(String expression, List<BitSet> fields, boolean bothDays)
    {
        this.expression = expression;
        this.minutes = fields.get(0);
        this.hours = fields.get(1);
        this.days = fields.get(2);
        this.months = fields.get(3);
        this.weekdays = fields.get(4);
        this.bothDays = bothDays;
    }

    /** Parses {@code expression}; fails with a message naming the field and what is wrong with it. */
    public static CronSchedule parse(String expression)
    {
        requireNonNull(expression, "expression is null");
        String[] parts = expression.strip().split("\\s+");
        if (parts.length != FIELDS.size() || expression.isBlank()) {
            throw new IllegalArgumentException("must have five fields separated by spaces (minute hour day-of-month month day-of-week, e.g. '0 6 * * 1-5'); got %s"
                    .formatted(expression.isBlank() ? "none" : parts.length));
        }
        List<BitSet> fields = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            fields.add(FIELDS.get(i).parse(parts[i]));
        }
        // Sunday is both 0 and 7.
        BitSet weekdays = fields.get(4);
        if (weekdays.get(7)) {
            weekdays.set(0);
            weekdays.clear(7);
        }
        boolean bothDays = parts[2].startsWith("*") || parts[4].startsWith("*");
        if (bothDays) {
            checkSomeDayExists(fields.get(2), fields.get(3));
        }
        return new CronSchedule(String.join(" ", parts), fields, bothDays);
    }

    public String expression()
    {
        return expression;
    }

    /** The first minute after {@code after} (strictly) at which the schedule fires, in UTC. */
    public Instant next(Instant after)
    {
        LocalDateTime time = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(MINUTES).plusMinutes(1);
        LocalDateTime limit = time.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            }
            else if (!dayMatches(time.toLocalDate())) {
                time = time.truncatedTo(DAYS).plusDays(1);
            }
            else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(HOURS).plusHours(1);
            }
            else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            }
            else {
                return time.toInstant(ZoneOffset.UTC);
            }
        }
        // parse() refuses schedules that never fire.
        throw new IllegalStateException("schedule '%s' does not fire within %s years after %s".formatted(expression, SEARCH_YEARS, after));
    }

    private boolean dayMatches(LocalDate date)
    {
        boolean day = days.get(date.getDayOfMonth());
        boolean weekday = weekdays.get(date.getDayOfWeek().getValue() % 7);
        return bothDays ? day && weekday : day || weekday;
    }

    /** Refuses day-of-month and month fields that never meet, such as 30 February (when the weekday does not decide alone). */
    private static void checkSomeDayExists(BitSet days, BitSet months)
    {
        for (int month = months.nextSetBit(1); month >= 0; month = months.nextSetBit(month + 1)) {
            int first = days.nextSetBit(1);
            if (first >= 0 && first <= Month.of(month).maxLength()) {
                return;
            }
        }
        throw new IllegalArgumentException("never fires: no month it names has the days of the month it names (e.g. 30 February)");
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof CronSchedule schedule && schedule.expression.equals(expression);
    }

    @Override
    public int hashCode()
    {
        return expression.hashCode();
    }

    @Override
    public String toString()
    {
        return expression;
    }

    private record FieldRange(String name, int min, int max)
    {
        BitSet parse(String field)
        {
            BitSet values = new BitSet(max + 1);
            for (String element : field.split(",", -1)) {
                parseElement(element, values);
            }
            return values;
        }

        private void parseElement(String element, BitSet values)
        {
            if (element.isEmpty()) {
                throw problem("has an empty element; separate values with a single comma, e.g. 1,15");
            }
            String range = element;
            int step = 1;
            int slash = element.indexOf('/');
            if (slash >= 0) {
                range = element.substring(0, slash);
                step = number(element.substring(slash + 1), "step");
                if (step < 1) {
                    throw problem("step /%s must be at least 1".formatted(step));
                }
                if (!range.equals("*") && !range.contains("-")) {
                    throw problem("a step applies to * or a range: write */%s or %s-%s/%s".formatted(step, range, max, step));
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            }
            else if (range.contains("-")) {
                int dash = range.indexOf('-');
                from = number(range.substring(0, dash), "range start");
                to = number(range.substring(dash + 1), "range end");
                checkInRange(from);
                checkInRange(to);
                if (from > to) {
                    throw problem("range %s-%s runs backwards; write %s-%s".formatted(from, to, to, from));
                }
            }
            else {
                from = number(range, "value");
                checkInRange(from);
                to = from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }

        private int number(String text, String what)
        {
            if (!text.matches("[0-9]{1,2}")) {
                throw problem("%s '%s' is not a number from %s to %s (names such as MON or JAN are not accepted)".formatted(what, text, min, max));
            }
            return Integer.parseInt(text);
        }

        private void checkInRange(int value)
        {
            if (value < min || value > max) {
                throw problem("%s is out of range %s-%s".formatted(value, min, max));
            }
        }

        private IllegalArgumentException problem(String message)
        {
            return new IllegalArgumentException("%s field: %s".formatted(name, message));
        }
    }
}
