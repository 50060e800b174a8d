package io.barcast.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One Barcast setting: its key, its default, how its text is read and which values it allows. Each package declares
 * the keys it reads next to the code that reads them; errors name the key, the value and the allowed values.
 *
 * @param <T> the value's type
 */
public final class Key<T> {

    private final String name;
    private final T defaultValue;
    private final String kind;
    private final Function<String, T> parser;
    private final Predicate<T> allowed;
    private final String range;

    private Key(String name, T defaultValue, String kind, Function<String, T> parser, Predicate<T> allowed, String range) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.parser = parser;
        this.allowed = allowed;
        this.range = range;
        check(defaultValue);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Key<Integer> integer(String name, int defaultValue, int min, int max) {
        String range = max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
        return new Key<>(name, defaultValue, "an integer", s -> Integer.valueOf(s), v -> v >= min && v <= max, range);
    }

    /** Any 64-bit whole number. */
    public static Key<Long> anyLong(String name, long defaultValue) {
        return new Key<>(name, defaultValue, "an integer", s -> Long.valueOf(s), v -> true, "any 64-bit integer");
    }

    /** A finite number that {@code allowed} accepts; {@code range} says which, as errors show it. */
    public static Key<Double> number(String name, double defaultValue, DoublePredicate allowed, String range) {
        return new Key<>(name, defaultValue, "a number", s -> Double.valueOf(s), v -> Double.isFinite(v) && allowed.test(v), range);
    }

    /** {@code true} or {@code false}, in any case. */
    public static Key<Boolean> flag(String name, boolean defaultValue) {
        return new Key<>(name, defaultValue, "true or false", Key::parseBoolean, v -> true, "true, false");
    }

    /** Any text (surrounding white space removed). */
    public static Key<String> text(String name, String defaultValue) {
        return new Key<>(name, defaultValue, "text", s -> s, v -> !v.isBlank(), "any text");
    }

    /** Any text, empty by default (empty: not set). */
    public static Key<String> optionalText(String name) {
        return new Key<>(name, "", "text", s -> s, v -> true, "any text, or empty");
    }

    /** A comma-separated list of names, empty by default. */
    public static Key<java.util.List<String>> names(String name) {
        return new Key<>(name, java.util.List.of(), "a comma-separated list of keys", Key::parseNames, v -> true, "keys or prefixes ending in '.'");
    }

    private static java.util.List<String> parseNames(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    /** One of the constants of {@code E}, in any case. */
    public static <E extends Enum<E>> Key<E> choice(String name, E defaultValue) {
        Class<E> type = defaultValue.getDeclaringClass();
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return new Key<>(name, defaultValue, "one of " + names, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)), v -> true, names);
    }

    /** One of {@code allowed}, a subset of the constants of {@code E}, in any case. */
    public static <E extends Enum<E>> Key<E> choice(String name, E defaultValue, java.util.Set<E> allowed) {
        Class<E> type = defaultValue.getDeclaringClass();
        String names = allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
        return new Key<>(name, defaultValue, "one of " + names, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)), allowed::contains, names);
    }

    /**
     * A value of any type: {@code parser} reads the text (throwing {@link IllegalArgumentException} when it cannot),
     * {@code kind} names what it expects, {@code range} the values {@code allowed} accepts, as errors show them.
     */
    public static <T> Key<T> of(String name, T defaultValue, String kind, Function<String, T> parser, Predicate<T> allowed,
                                String range) {
        return new Key<>(name, defaultValue, kind, parser, allowed, range);
    }

    private static Boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException(s);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The allowed values as error messages give them, e.g. {@code >= 2} or {@code (0, 0.9)}. */
    public String range() {
        return range;
    }

    /**
     * Reads a value of this key.
     *
     * @throws ConfigError naming the key, the text and the allowed values, when the text is not a
     *                                  value of this key or the value is out of range
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigError(name, "'" + text + "'", "is not " + kind + " (allowed: " + range + ")");
        }
        return check(value);
    }

    /**
     * Returns {@code value} if this key allows it.
     *
     * @throws ConfigError naming the key, the value and the allowed values otherwise
     */
    public T check(T value) {
        if (value == null || !allowed.test(value)) {
            throw new ConfigError(name, String.valueOf(value), "is out of range (" + range + ")");
        }
        return value;
    }

    /** The default as a properties file would hold it. */
    public String defaultText() {
        return defaultValue instanceof java.util.List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(defaultValue);
    }

    @Override
    public String toString() {
        return name;
    }
}
