package dev.trinomesh.catalog.registry.descriptor;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A semantic version (semver.org 2.0.0), ordered by precedence; build metadata is ignored in comparisons. */
public record SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease, String text)
        implements Comparable<SemanticVersion>
{
    // The regular expression recommended by semver.org, without the build metadata capture.
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)" +
                    "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
                    "(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$");

    public SemanticVersion
    {
        requireNonNull(major, "major is null");
        requireNonNull(minor, "minor is null");
        requireNonNull(patch, "patch is null");
        preRelease = List.copyOf(preRelease);
        requireNonNull(text, "text is null");
    }

    public static Optional<SemanticVersion> parse(String text)
    {
        Matcher matcher = SEMVER.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> preRelease = matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\."));
        return Optional.of(new SemanticVersion(
                new BigInteger(matcher.group(1)),
                new BigInteger(matcher.group(2)),
                new BigInteger(matcher.group(3)),
                preRelease,
                text));
    }

    /** The first version of the next major: 1.4.2 → 2.0.0. */
    public SemanticVersion nextMajor()
    {
        return of(major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO);
    }

    /** The first version of the next minor: 1.4.2 → 1.5.0. */
    public SemanticVersion nextMinor()
    {
        return of(major, minor.add(BigInteger.ONE), BigInteger.ZERO);
    }

    private static SemanticVersion of(BigInteger major, BigInteger minor, BigInteger patch)
    {
        return new SemanticVersion(major, minor, patch, List.of(), "%s.%s.%s".formatted(major, minor, patch));
    }

    @Override
    public int compareTo(SemanticVersion other)
    {
        int result = major.compareTo(other.major);
        if (result == 0) {
            result = minor.compareTo(other.minor);
        }
        if (result == 0) {
            result = patch.compareTo(other.patch);
        }
        return result != 0 ? result : comparePreRelease(preRelease, other.preRelease);
    }

    // A version without pre-release ranks above one with it; identifiers compare numerically when both are numbers.
    private static int comparePreRelease(List<String> left, List<String> right)
    {
        if (left.isEmpty() || right.isEmpty()) {
            return Boolean.compare(left.isEmpty(), right.isEmpty());
        }
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            String a = left.get(i);
            String b = right.get(i);
            boolean aNumeric = a.chars().allMatch(Character::isDigit);
            boolean bNumeric = b.chars().allMatch(Character::isDigit);
            int result;
            if (aNumeric && bNumeric) {
                result = new BigInteger(a).compareTo(new BigInteger(b));
            }
            else if (aNumeric != bNumeric) {
                result = aNumeric ? -1 : 1;
            }
            else {
                result = a.compareTo(b);
            }
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    @Override
    public String toString()
    {
        return text;
    }
}
