package io.barcast.interval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The nominal coverages intervals are published at, ascending and distinct, each in [0.01, 0.999];
 * written as a comma-separated list, e.g. {@code 0.8,0.95}.
 */
public record Levels(double[] values) {

    public Levels {
        if (values.length == 0) {
            throw new IllegalArgumentException("no levels");
        }
        values = values.clone();
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0.01 && values[i] <= 0.999)) {
                throw new IllegalArgumentException("level " + values[i] + " is not in [0.01, 0.999]");
            }
            if (i > 0 && values[i] == values[i - 1]) {
                throw new IllegalArgumentException("level " + values[i] + " given twice");
            }
        }
    }

    public static Levels parse(String text) {
        String[] parts = text.split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Double.parseDouble(parts[i].trim());
        }
        return new Levels(v);
    }

    public int size() {
        return values.length;
    }

    public double get(int i) {
        return values[i];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Levels l && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** As the configuration writes it: {@code 0.8,0.95}. */
    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(Levels::label).collect(Collectors.joining(","));
    }

    /** One level as records and metric labels write it: {@code 0.8}, {@code 0.95}. */
    public static String label(double level) {
        String s = String.format(Locale.ROOT, "%.4f", level);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
