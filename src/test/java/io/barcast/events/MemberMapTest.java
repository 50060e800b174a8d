package io.barcast.events;

import io.barcast.interval.VolatilityMember;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberMapTest {

    @Test
    void shouldBeTheMapOfTheMembersInTheirOrder() {
        Double[] v = {0.01, null, 0.03, 0.04, 0.05};
        Map<String, Double> expected = new LinkedHashMap<>();
        for (VolatilityMember m : VolatilityMember.ALL) {
            expected.put(m.key(), v[m.ordinal()]);
        }

        MemberMap map = new MemberMap(v);

        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(map.keySet()).containsExactly(expected.keySet().toArray(String[]::new));
        assertThat(map.get("rangeFast")).isEqualTo(0.03);
        assertThat(map.get("ewma")).isNull();
        assertThat(map.containsKey("ewma")).isTrue();
        assertThat(map.containsKey("garch")).isFalse();
        assertThat(map.get("garch")).isNull();
        assertThat(Json.bytes(map)).isEqualTo(Json.bytes(expected));
    }

    @Test
    void shouldRefuseChangesAndTheWrongNumberOfMembers() {
        MemberMap map = new MemberMap(new Double[VolatilityMember.ALL.length]);

        assertThatThrownBy(() -> map.put("model", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new MemberMap(new Double[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
