package io.barcast.service;

import io.barcast.service.HttpEndpoints.Response;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HolderAsk} over a fake client: who is asked, which answer wins, who is named when it cannot say. */
class HolderAskTest {

    private static final HostInfo A = new HostInfo("a", 1);
    private static final HostInfo B = new HostInfo("b", 2);
    private static final HostInfo C = new HostInfo("c", 3);
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    /** Canned answers per host (null: no answer; a missing host never completes); records the hosts asked. */
    private static final class Fake implements HolderAsk.Client {
        private final Map<HostInfo, RemoteFetch.Answer> answers;
        private final List<String> asked = new CopyOnWriteArrayList<>();

        Fake(Map<HostInfo, RemoteFetch.Answer> answers) {
            this.answers = answers;
        }

        @Override
        public CompletableFuture<RemoteFetch.Answer> get(HostInfo host, String pathAndQuery) {
            asked.add(host.host() + pathAndQuery);
            return answers.containsKey(host) ? CompletableFuture.completedFuture(answers.get(host)) : new CompletableFuture<>();
        }
    }

    private static RemoteFetch.Answer answer(int status, String json) {
        return new RemoteFetch.Answer(status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final RemoteFetch.Answer ACTIVE = answer(200, "{\"symbol\":\"X\",\"source\":\"active\"}");
    private static final RemoteFetch.Answer STANDBY = answer(200, "{\"symbol\":\"X\",\"source\":\"standby\"}");
    private static final RemoteFetch.Answer NOT_HELD = answer(404, "{\"error\":\"not held\",\"status\":404,\"held\":false}");

    private static String body(Response r) {
        return new String(r.json(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldAskOnlyTheHintWhenItHoldsTheSymbol() {
        Fake fake = new Fake(Map.of(A, ACTIVE, B, NOT_HELD));
        HolderAsk.Outcome o = new HolderAsk(fake, TIMEOUT).ask("X", A, List.of(A, B));
        assertThat(o.activeHost()).isEqualTo(A);
        assertThat(body(o.active())).contains("\"active\"");
        assertThat(fake.asked).containsExactly("a/predictions/X?local=true");
    }

    @Test
    void shouldAskEveryOtherWhenTheHintDoesNotHoldTheSymbol() {
        Fake fake = new Fake(Map.of(A, NOT_HELD, B, NOT_HELD, C, ACTIVE));
        HolderAsk.Outcome o = new HolderAsk(fake, TIMEOUT).ask("X", A, List.of(A, B, C));
        assertThat(o.activeHost()).isEqualTo(C);
        assertThat(o.unanswered()).isEmpty();
        assertThat(fake.asked).hasSize(3);
    }

    @Test
    void shouldPreferAnActiveCopyToAStaleOne() {
        Fake fake = new Fake(Map.of(A, STANDBY, B, ACTIVE));
        HolderAsk.Outcome o = new HolderAsk(fake, TIMEOUT).ask("X", null, List.of(A, B));
        assertThat(o.activeHost()).isEqualTo(B);
        Fake onlyStale = new Fake(Map.of(A, STANDBY, B, NOT_HELD));
        HolderAsk.Outcome s = new HolderAsk(onlyStale, TIMEOUT).ask("X", null, List.of(A, B));
        assertThat(s.active()).isNull();
        assertThat(body(s.stale())).contains("\"standby\"");
    }

    @Test
    void shouldCountAHeldSymbolWithoutAPredictionAsAnAnswer() {
        RemoteFetch.Answer held = answer(404, "{\"error\":\"no prediction yet\",\"status\":404,\"held\":true,\"source\":\"active\"}");
        HolderAsk.Outcome o = new HolderAsk(new Fake(Map.of(A, NOT_HELD, B, held)), TIMEOUT).ask("X", null, List.of(A, B));
        assertThat(o.active().status()).isEqualTo(404);
        assertThat(o.activeHost()).isEqualTo(B);
    }

    @Test
    void shouldNameTheInstancesThatCouldNotSay() {
        java.util.HashMap<HostInfo, RemoteFetch.Answer> answers = new java.util.HashMap<>();
        answers.put(A, null); // refused
        answers.put(B, answer(503, "{\"error\":\"cannot tell now\",\"status\":503}"));
        long start = System.nanoTime();
        HolderAsk.Outcome o = new HolderAsk(new Fake(answers), TIMEOUT).ask("X", C, List.of(A, B, C)); // C hangs
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(o.active()).isNull();
        assertThat(o.stale()).isNull();
        assertThat(o.unanswered()).containsOnlyKeys("a:1", "b:2", "c:3");
        assertThat(o.unanswered().get("b:2")).contains("503").contains("cannot tell now");
        assertThat(o.unanswered().get("c:3")).contains("no answer within 400 ms");
        // it returned although C never answers (so it gave up), and not before the timeout
        assertThat(tookMs).as("waits for the hung one until the timeout").isGreaterThanOrEqualTo(350L);
    }

    @Test
    void shouldReportNoOneUnansweredWhenAllSayTheyDoNotHoldIt() {
        HolderAsk.Outcome o = new HolderAsk(new Fake(Map.of(A, NOT_HELD, B, NOT_HELD)), TIMEOUT).ask("X Y", A, List.of(A, B));
        assertThat(o.active()).isNull();
        assertThat(o.stale()).isNull();
        assertThat(o.unanswered()).isEmpty();
        assertThat(o.asked()).isEqualTo(2);
    }

    @Test
    void shouldForgetTheCachedHoldersWhenFull() {
        HolderCache cache = new HolderCache(2);
        cache.put("X", A);
        cache.put("Y", B);
        cache.put("X", C);
        assertThat(cache.get("X")).isEqualTo(C);
        cache.put("Z", A);
        assertThat(cache.size()).isEqualTo(1);
        cache.forget("Z");
        assertThat(cache.get("Z")).isNull();
    }
}
