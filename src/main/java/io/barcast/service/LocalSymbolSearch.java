package io.barcast.service;

import io.barcast.forecast.SymbolState;
import io.barcast.service.HttpEndpoints.Response;
import io.barcast.stream.SymbolStateCodec;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A symbol in this instance's copies, whatever partition it is on: every partition of a task here is read, so the
 * search assumes nothing about how the producer partitioned the symbol's bars.
 */
final class LocalSymbolSearch {

    /**
     * The answer of an active copy here (null when none holds the symbol), else of a stale one (standby, restoring);
     * {@code complete} when every copy here could be read and the instance is RUNNING, so that no answer means that
     * this instance does not hold the symbol.
     */
    record Result(Response active, Response stale, boolean complete) {

        /** The best answer here, or null. */
        Response best() {
            return active != null ? active : stale;
        }
    }

    /** One partition's read: the answer (null when the symbol is not there) or {@code readable} false. */
    private record Read(Response answer, boolean stale, boolean readable) {
    }

    private static final Read UNREADABLE = new Read(null, false, false);

    private final KafkaStreams streams;
    private final StoreCopies copies;
    private final PredictionAnswers answers;

    LocalSymbolSearch(KafkaStreams streams, StoreCopies copies, PredictionAnswers answers) {
        this.streams = streams;
        this.copies = copies;
        this.answers = answers;
    }

    /** Reads the active copies first; the stale ones only when no active copy here holds the symbol. */
    Result find(String symbol) {
        StoreCopies.Roles roles = copies.roles();
        List<Integer> second = new ArrayList<>();
        for (int p : roles.active()) {
            Read r = read(symbol, p, false, roles);
            if (r.answer() != null) {
                return new Result(r.answer(), null, true);
            }
            if (!r.readable()) {
                second.add(p); // restoring or moving: its stale copy may still be read
            }
        }
        second.addAll(new TreeSet<>(roles.standby()));
        boolean complete = streams.state() == KafkaStreams.State.RUNNING;
        for (int p : second) {
            Read r = read(symbol, p, true, roles);
            complete &= r.readable();
            if (r.answer() != null && !r.stale()) {
                return new Result(r.answer(), null, true);
            }
            if (r.answer() != null) {
                return new Result(null, r.answer(), complete);
            }
        }
        return new Result(null, null, complete);
    }

    /** The symbol's answer from one partition's copy here. */
    private Read read(String symbol, int partition, boolean allowStale, StoreCopies.Roles roles) {
        StoreCopies.Copy copy = copies.copy(partition, allowStale, roles);
        if (copy == null) {
            return UNREADABLE;
        }
        try {
            byte[] s = copy.states().get(symbol);
            if (s == null) {
                return new Read(null, copy.stale(), true);
            }
            SymbolState state = SymbolStateCodec.decode(s);
            byte[] model = state.pending() != null ? copy.models().get(symbol) : null;
            Long lag = copy.stale() ? StoreCopies.lagOf(copies.lags(), partition) : Long.valueOf(0);
            return new Read(answers.answer(symbol, state, model, copy.source(), lag), copy.stale(), true);
        } catch (InvalidStateStoreException movedAway) {
            return UNREADABLE; // the task migrated while we read
        }
    }
}
