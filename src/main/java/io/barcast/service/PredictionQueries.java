package io.barcast.service;

import io.barcast.service.HttpEndpoints.Request;
import io.barcast.service.HttpEndpoints.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /predictions/{symbol}} ({@link SymbolLookup}) and {@code /predictions} ({@link PredictionListing}) on any
 * instance, over Kafka Streams' interactive queries of this instance's copies ({@link StoreCopies}) and the other
 * instances' HTTP endpoints ({@link RemoteFetch}). Every answer says which instance read it and from which copy.
 */
public final class PredictionQueries implements HttpEndpoints.PredictionLookup {

    private final SymbolLookup symbols;
    private final PredictionListing listing;

    public PredictionQueries(KafkaStreams streams, String barsTopic, HostInfo self, RemoteFetch remote) {
        StoreCopies copies = new StoreCopies(streams);
        PredictionAnswers answers = new PredictionAnswers(SymbolLookup.text(self));
        this.symbols = new SymbolLookup(streams, self, remote, copies, answers);
        this.listing = new PredictionListing(streams, barsTopic, self, remote, copies, answers);
    }

    @Override
    public Response lookup(String symbol, Request request) {
        return symbols.lookup(symbol, request);
    }

    @Override
    public Response list(Request request) {
        return listing.list(request);
    }

    /** The assignment may have changed (a Kafka Streams state change): forget which instance held which symbol. */
    public void assignmentChanged() {
        symbols.assignmentChanged();
    }
}
