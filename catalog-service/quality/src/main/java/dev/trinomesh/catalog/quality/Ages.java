package dev.trinomesh.catalog.quality;

/** Ages in words, for messages: {@code 3h 12m}, {@code 2d 4h}. */
final class Ages
{
    private Ages() {}

    static String describe(double seconds)
    {
        long total = Math.round(seconds);
        long days = total / 86_400;
        long hours = total % 86_400 / 3_600;
        long minutes = total % 3_600 / 60;
        if (days > 0) {
            return "%sd %sh".formatted(days, hours);
        }
        if (hours > 0) {
            return "%sh %sm".formatted(hours, minutes);
        }
        if (minutes > 0) {
            return "%sm %ss".formatted(minutes, total % 60);
        }
        return total + "s";
    }
}
