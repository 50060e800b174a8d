package io.barcast.events;

import io.barcast.interval.VolatilityMember;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The volatility members' figures by name ({@link VolatilityMember#key}), in member order, null for a member without
 * one: a prediction's {@code volatilityMembers} and {@code volatilityWeights} as built on every bar, an immutable map over
 * one array rather than two copied {@code LinkedHashMap}s.
 */
final class MemberMap extends AbstractMap<String, Double> {

    private static final VolatilityMember[] MEMBERS = VolatilityMember.ALL;

    private final Double[] values;

    /** {@code values} in {@link VolatilityMember#ALL}'s order; kept, not copied (the caller made it for this map). */
    MemberMap(Double[] values) {
        if (values.length != MEMBERS.length) {
            throw new IllegalArgumentException("expected " + MEMBERS.length + " member figures, got " + values.length);
        }
        this.values = values;
    }

    /** The figure of the member of {@code ordinal}. */
    Double value(int ordinal) {
        return values[ordinal];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Double get(Object key) {
        for (VolatilityMember m : MEMBERS) {
            if (m.key().equals(key)) {
                return values[m.ordinal()];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        for (VolatilityMember m : MEMBERS) {
            if (m.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(MEMBERS[i].key(), values[i]);
                    }
                };
            }
        };
    }
}
