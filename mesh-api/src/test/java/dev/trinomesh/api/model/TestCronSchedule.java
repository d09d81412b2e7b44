package dev.trinomesh.api.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestCronSchedule
{
    @Test
    void everyMinuteFiresAtTheNextWholeMinute()
    {
        CronSchedule schedule = CronSchedule.parse("* * * * *");
        assertThat(schedule.next(at("2026-03-01T10:15:00Z"))).isEqualTo(at("2026-03-01T10:16:00Z"));
        assertThat(schedule.next(at("2026-03-01T10:15:59.999Z"))).isEqualTo(at("2026-03-01T10:16:00Z"));
        assertThat(schedule.next(at("2026-12-31T23:59:30Z"))).isEqualTo(at("2027-01-01T00:00:00Z"));
    }

    @Test
    void valuesListsRangesAndSteps()
    {
        assertThat(CronSchedule.parse("30 6 * * *").next(at("2026-03-01T06:30:00Z"))).isEqualTo(at("2026-03-02T06:30:00Z"));
        assertThat(CronSchedule.parse("30 6 * * *").next(at("2026-03-01T06:29:00Z"))).isEqualTo(at("2026-03-01T06:30:00Z"));
        assertThat(CronSchedule.parse("*/15 * * * *").next(at("2026-03-01T10:16:00Z"))).isEqualTo(at("2026-03-01T10:30:00Z"));
        assertThat(CronSchedule.parse("0,20,40 * * * *").next(at("2026-03-01T10:41:00Z"))).isEqualTo(at("2026-03-01T11:00:00Z"));
        assertThat(CronSchedule.parse("0 9-17/4 * * *").next(at("2026-03-01T13:00:00Z"))).isEqualTo(at("2026-03-01T17:00:00Z"));
        assertThat(CronSchedule.parse("0 9-17/4 * * *").next(at("2026-03-01T17:00:00Z"))).isEqualTo(at("2026-03-02T09:00:00Z"));
        assertThat(CronSchedule.parse("0 0 1 */3 *").next(at("2026-02-10T00:00:00Z"))).isEqualTo(at("2026-04-01T00:00:00Z"));
        assertThat(CronSchedule.parse("  5   4 * * *  ").expression()).isEqualTo("5 4 * * *");
    }

    @Test
    void weekdaysCountSundayAsZeroAndSeven()
    {
        // 2026-03-01 is a Sunday.
        assertThat(CronSchedule.parse("0 6 * * 1-5").next(at("2026-02-27T07:00:00Z"))).isEqualTo(at("2026-03-02T06:00:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 0").next(at("2026-02-26T00:00:00Z"))).isEqualTo(at("2026-03-01T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 7").next(at("2026-02-26T00:00:00Z"))).isEqualTo(at("2026-03-01T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 7")).isEqualTo(CronSchedule.parse("0 0 * * 7"));
    }

    @Test
    void twoRestrictedDayFieldsMatchEitherOneOtherwiseBoth()
    {
        // The 15th or a Monday: Monday 2 March comes first.
        assertThat(CronSchedule.parse("0 0 15 * 1").next(at("2026-03-01T00:00:00Z"))).isEqualTo(at("2026-03-02T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 15 * 1").next(at("2026-03-13T00:00:00Z"))).isEqualTo(at("2026-03-15T00:00:00Z"));
        // A day field starting with '*' restricts with the other: odd days that are Mondays.
        assertThat(CronSchedule.parse("0 0 */2 * 1").next(at("2026-03-01T00:00:00Z"))).isEqualTo(at("2026-03-09T00:00:00Z"));
    }

    @Test
    void rareDaysAreFoundYearsAhead()
    {
        assertThat(CronSchedule.parse("0 0 29 2 *").next(at("2026-03-01T00:00:00Z"))).isEqualTo(at("2028-02-29T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 29 2 *").next(at("2096-03-01T00:00:00Z"))).isEqualTo(at("2104-02-29T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 31 * *").next(at("2026-04-01T00:00:00Z"))).isEqualTo(at("2026-05-31T00:00:00Z"));
        // The 30th of February or a Friday: Fridays of February.
        assertThat(CronSchedule.parse("0 0 30 2 5").next(at("2026-02-01T00:00:00Z"))).isEqualTo(at("2026-02-06T00:00:00Z"));
    }

    @Test
    void malformedExpressionsAreRefusedNamingTheField()
    {
        assertRefused("", "must have five fields separated by spaces");
        assertRefused("* * * *", "must have five fields separated by spaces (minute hour day-of-month month day-of-week, e.g. '0 6 * * 1-5'); got 4");
        assertRefused("* * * * * *", "got 6");
        assertRefused("60 * * * *", "minute field: 60 is out of range 0-59");
        assertRefused("* 24 * * *", "hour field: 24 is out of range 0-23");
        assertRefused("* * 0 * *", "day-of-month field: 0 is out of range 1-31");
        assertRefused("* * * 13 *", "month field: 13 is out of range 1-12");
        assertRefused("* * * * 8", "day-of-week field: 8 is out of range 0-7");
        assertRefused("* * * JAN *", "month field: value 'JAN' is not a number from 1 to 12");
        assertRefused("* * * * MON", "day-of-week field: value 'MON' is not a number from 0 to 7");
        assertRefused("5-2 * * * *", "minute field: range 5-2 runs backwards; write 2-5");
        assertRefused("*/0 * * * *", "minute field: step /0 must be at least 1");
        assertRefused("5/10 * * * *", "minute field: a step applies to * or a range: write */10 or 5-59/10");
        assertRefused("1,,2 * * * *", "minute field: has an empty element");
        assertRefused("-1 * * * *", "minute field: range start '' is not a number");
        assertRefused("0 0 30 2 *", "never fires");
        assertRefused("0 0 31 4,6,9,11 *", "never fires");
    }

    private static void assertRefused(String expression, String message)
    {
        assertThatThrownBy(() -> CronSchedule.parse(expression))
                .as(expression)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static Instant at(String instant)
    {
        return Instant.parse(instant);
    }
}
