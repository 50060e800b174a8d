package io.barcast.forecast;

import io.barcast.bar.Bar;
import io.barcast.evaluation.ForecastMetrics;
import io.barcast.feature.FeatureSet;
import io.barcast.interval.Calibration;
import io.barcast.interval.EwmaVariance;
import io.barcast.interval.Interval;
import io.barcast.interval.IntervalSettings;
import io.barcast.interval.MemberVolatilities;
import io.barcast.interval.TailCalibration;
import io.barcast.interval.TailRisk;
import io.barcast.interval.Volatility;
import io.barcast.interval.VolatilityBlend;
import io.barcast.interval.VolatilityBook;
import io.barcast.model.Forecast;
import io.barcast.model.LstmModel;
import io.barcast.model.TrainingReport;
import io.barcast.model.TrainingResult;
import io.barcast.model.TrainingStatus;
import io.barcast.quality.BarInspector;
import io.barcast.quality.Inspection;
import io.barcast.quality.QualityEvent;
import io.barcast.window.BarWindow;

import java.util.List;

/**
 * One symbol's forecasting cycle, the same for the streaming service and the backtest. {@link #onBar}: take the bar
 * into the window (or recognise a duplicate, a correction or an out-of-order bar), score the pending prediction
 * against its close, predict the next close with the serving model, and say whether a retrain is due (and whether it
 * may start warm: {@link WarmStartPolicy}). {@link #onTrained}: take the candidate through the {@link PromotionGate};
 * when a promoted model finds no prediction from the latest bar yet (a first model, say), predict from it at once.
 *
 * <p>No Kafka types and no I/O: the caller loads the window, the state and the serving model, persists
 * {@link #window()}, {@link #state()} and a promoted model, and publishes what the steps return. Not thread-safe: one
 * thread (a stream thread, or the backtest loop) owns it; training runs elsewhere on the {@link TrainingJob} it hands out.
 */
public final class SymbolForecaster {

    private final String symbol;
    private final ForecastSettings settings;
    private final RetrainPolicy policy;
    private final PromotionGate gate;
    private final BarInspector inspector;
    private final BarWindow window;
    private SymbolState state;
    private LstmModel serving;
    private boolean trainingInFlight;

    /**
     * @param window  the symbol's window as stored (its capacity is the settings' window)
     * @param state   the symbol's state as stored, or {@link SymbolState#initial()}
     * @param serving the serving model as stored, or null
     */
    public SymbolForecaster(String symbol, ForecastSettings settings, BarWindow window, SymbolState state, LstmModel serving) {
        this.symbol = symbol;
        this.settings = settings;
        this.policy = settings.retrainPolicy();
        this.gate = new PromotionGate(settings.promotionTolerance());
        this.inspector = new BarInspector(settings.quality(), settings.model().features() == FeatureSet.OHLCV);
        this.window = window;
        this.state = state.withCalibration(state.calibration().forLevels(settings.intervals().levels()));
        this.serving = serving;
    }

    /** A new symbol: empty window, initial state, no model. */
    public static SymbolForecaster fresh(String symbol, ForecastSettings settings) {
        return new SymbolForecaster(symbol, settings, new BarWindow(settings.windowBars()), SymbolState.initial(), null);
    }

    /**
     * Takes one bar of this symbol: the data-quality rules judge it against the bar before it (a told or suspected split
     * rescales the stored history first), then the window takes it, the pending prediction is scored and the next made.
     */
    public BarStep onBar(Bar bar) {
        Bar last = window.last();
        if (last != null && bar.date().isBefore(last.date())) {
            return new BarStep(bar, BarWindow.Outcome.OUT_OF_ORDER, last, null, null, null, null, List.of());
        }
        boolean sameDate = last != null && bar.date().equals(last.date());
        Bar previous = sameDate ? (window.size() >= 2 ? window.bars().get(window.size() - 2) : null) : last;
        Inspection quality = inspector.inspect(previous, bar, state.unitFactor(), volatilityThrough(sameDate),
                window.size() - (sameDate ? 2 : 1));
        if (quality.rejected()) {
            return new BarStep(bar, BarWindow.Outcome.REJECTED, last, null, null, null, null, quality.events());
        }
        if (sameDate && !quality.adjusts() && bar.samePrices(last)) {
            return new BarStep(bar, BarWindow.Outcome.DUPLICATE, last, null, null, null, null, List.of());
        }
        if (quality.adjusts()) {
            window.rescale(quality.priceFactor());
            state = state.rescaled(quality.priceFactor());
        }
        state = state.withUnitFactor(quality.unitFactor());
        BarWindow.Outcome outcome = window.offer(bar);
        if (outcome == BarWindow.Outcome.DUPLICATE) {
            outcome = BarWindow.Outcome.CORRECTED; // the same prices, but the history before it was rescaled
        }
        boolean corrected = outcome == BarWindow.Outcome.CORRECTED;
        state = state.withEwma(EwmaVariance.next(state.ewma(), window.bars(), Volatility.RISKMETRICS_LAMBDA));
        state = state.withVolatility(state.volatility().through(window.bars()));
        ScoredPrediction scored = score(window.last(), corrected, quality);
        Prediction prediction = null;
        String failure = null;
        if (serving != null && window.size() >= serving.requiredBars()) {
            try {
                prediction = predict(corrected, quality.events());
            } catch (RuntimeException e) {
                failure = failure(e);
            }
        }
        return new BarStep(bar, outcome, window.last(), scored, prediction, failure, retrainDue(), quality.events(),
                quality.priceFactor());
    }

    /** The daily volatility through the bar before the incoming one (the last, or for a correction the one before it). */
    private double volatilityThrough(boolean sameDate) {
        EwmaVariance e = state.ewma();
        if (e == null || window.size() == 0 || !e.through().equals(window.last().date())) {
            return Double.NaN;
        }
        double variance = sameDate ? e.before() : e.variance();
        return Double.isFinite(variance) ? Math.sqrt(variance) : Double.NaN;
    }

    /** The job that runs has been accepted: no other is handed out until it is {@linkplain #onTrained finished}. */
    public void trainingStarted(TrainingJob job) {
        trainingInFlight = true;
        state = state.withNextVersion(job.version() + 1);
    }

    /** Takes a finished job through the promotion gate; a promoted model serves from now on. */
    public Handover onTrained(TrainingJob job, TrainingResult result) {
        trainingInFlight = false;
        TrainingReport report = gate.judge(result.report(), job.version(), serving == null ? null : serving.metadata());
        LstmModel promoted = null;
        if (report.status() == TrainingStatus.OK && result.trainedModel() != null) {
            promoted = result.trainedModel();
            serving = promoted;
            state = state.withSkill(state.skill().promoted(report.validationFit(), report.beatsNaive()));
            state = state.withCalibration(state.calibration().promoted(Volatilities.validationScores(job, result.validation(),
                    state.skill().weight(), settings.intervals(), state.volatility()), settings.intervals().calibrationScores()));
        }
        state = state.withTrained(job.appendedAtSubmit()).withRetrainOutcome(job.warmStart(), promoted != null);
        Prediction prediction = null;
        String failure = null;
        if (promoted != null && predictionMissing()) {
            try {
                prediction = predict(false, List.of());
            } catch (RuntimeException e) {
                failure = failure(e);
            }
        }
        return new Handover(report, promoted, prediction, failure);
    }

    public BarWindow window() {
        return window;
    }

    public SymbolState state() {
        return state;
    }

    /** The serving model, or null. */
    public LstmModel serving() {
        return serving;
    }

    public boolean trainingInFlight() {
        return trainingInFlight;
    }

    /**
     * Joins the pending prediction with the bar it predicted (or redoes the last outcome when that bar is corrected),
     * and takes the outcome into the skill weight.
     */
    private ScoredPrediction score(Bar bar, boolean corrected, Inspection quality) {
        ForecastMetrics running = state.metrics() == null ? new ForecastMetrics() : ForecastMetrics.fromState(state.metrics());
        SymbolState.Pending from;
        SkillWeight skill = state.skill();
        Calibration calibration = state.calibration();
        TailCalibration tails = state.tails();
        VolatilityBlend blend = state.volatility().blend();
        IntervalSettings intervals = settings.intervals();
        // after a hole the outcome is no one-day outcome: published, marked, kept out of the running figures
        boolean counts = !quality.hole();
        if (corrected) {
            from = state.lastOutcome();
            if (from == null || !bar.date().equals(from.targetDate())) {
                return null;
            }
            if (from.counted()) {
                running.remove(from.lastClose(), from.predictedClose(), from.actualClose());
                skill = skill.corrected(from.modelReturn(), realised(from, from.actualClose()), realised(from, bar.close()));
                calibration = calibration.corrected(from.intervals(), from.lastClose(), from.actualClose(), bar.close(),
                        from.score(bar.close()), intervals);
                tails = tails.corrected(from.risk(), from.actualClose(), bar.close());
                blend = blend.corrected(from.members(), residual(from, from.actualClose()), residual(from, bar.close()));
            }
            counts = from.counted();
        } else {
            from = state.pending();
            if (from == null || !from.asOf().isBefore(bar.date())) {
                return null;
            }
            if (counts) {
                skill = skill.withOutcome(from.modelReturn(), realised(from, bar.close()));
                calibration = calibration.outcome(from.intervals(), from.lastClose(), bar.close(), from.score(bar.close()), intervals);
                tails = tails.outcome(from.risk(), bar.close());
                blend = blend.outcome(from.members(), residual(from, bar.close()));
            }
        }
        if (counts) {
            running.add(from.lastClose(), from.predictedClose(), bar.close());
        }
        SymbolState.Pending scored = from.scored(bar.date(), bar.close(), counts);
        SymbolState next = state.withOutcome(scored, running.state()).withSkill(skill).withCalibration(calibration).withTails(tails)
                .withVolatility(state.volatility().withBlend(blend));
        state = corrected ? next : next.withPending(null);
        return new ScoredPrediction(symbol, scored.asOf(), bar.date(), scored.lastClose(), scored.predictedClose(),
                scored.modelPredictedClose(), scored.weight(), bar.close(), scored.modelVersion(), scored.trainedThrough(),
                corrected, new ScoredPrediction.RunningSkill(running.count(), running.rmseModel(), running.rmseNaive(),
                running.theilU(), running.hitRate(), skill.weight()), Scoring.intervalOutcomes(scored, calibration),
                scored.adjustment(), counts, quality.events(),
                scored.risk() == null ? null : tails.outcomeOf(scored.risk(), bar.close()));
    }

    private static double realised(SymbolState.Pending p, double close) {
        return Math.log(close / p.lastClose());
    }

    /** The realised log return's distance from the published centre: what the volatility predicted the size of. */
    private static double residual(SymbolState.Pending p, double close) {
        return realised(p, close) - p.servedReturn();
    }

    private Prediction predict(boolean correction, List<QualityEvent> quality) {
        Forecast f = serving.forecast(window.bars());
        double weight = state.skill().weight();
        double centre = weight * f.predictedReturn() + 0.0;
        VolatilityBlend.Blended blended = volatility(f);
        double sigma = blended.volatility();
        List<Interval> intervals = state.calibration().intervals(f.lastClose(), centre, sigma);
        TailRisk risk = state.tails().risk(state.calibration().recent(), f.lastClose(), centre, sigma);
        Prediction p = new Prediction(f, weight, serving.metadata(), correction, intervals, sigma, quality, risk, blended);
        state = state.withPending(new SymbolState.Pending(f.asOf(), f.lastClose(), p.servedClose(), f.modelVersion(),
                f.trainedThrough(), null, null, f.predictedReturn(), p.weight(), sigma, intervals).withRisk(risk)
                .withMembers(blended.members()));
        return p;
    }

    /**
     * The volatility the intervals are built on ({@link Volatilities#of}): by default the {@link VolatilityBlend} of the
     * model's predicted volatility, the kept RiskMetrics EWMA and the two kept range EWMAs, weighted by each one's recent
     * scale-free QLIKE on this symbol's outcomes.
     */
    private VolatilityBlend.Blended volatility(Forecast f) {
        double ewma = ewma().volatility();
        VolatilityBook book = state.volatility().through(window.bars());
        state = state.withVolatility(book);
        MemberVolatilities members = book.members(f.volatility(), ewma);
        return Volatilities.of(settings.intervals(), book.blend(), members);
    }

    /** The kept EWMA variance, brought up to the window's last bar (non-empty) first when it is not. */
    private EwmaVariance ewma() {
        EwmaVariance e = state.ewma();
        if (e == null || !e.through().equals(window.last().date())) {
            e = EwmaVariance.next(e, window.bars(), Volatility.RISKMETRICS_LAMBDA);
            state = state.withEwma(e);
        }
        return e;
    }

    /** After a promotion: whether the latest bar has enough history and no prediction was made from it yet. */
    private boolean predictionMissing() {
        if (window.size() == 0 || window.size() < serving.requiredBars()) {
            return false;
        }
        SymbolState.Pending pending = state.pending();
        return pending == null || !pending.asOf().equals(window.last().date());
    }

    private String failure(RuntimeException e) {
        return "model v" + serving.metadata().version() + " could not predict from " + window.last().date() + ": " + e.getMessage();
    }

    private TrainingJob retrainDue() {
        if (trainingInFlight || !policy.due(window.size(), window.appendedTotal() - state.trainedAtAppended(), state.trainedBefore())) {
            return null;
        }
        long servingVersion = serving == null ? 0 : serving.metadata().version();
        long version = Math.max(state.nextVersion(), servingVersion + 1);
        return new TrainingJob(symbol, version, window.bars(), window.appendedTotal(), serving, settings.model(),
                settings.warmStart().warmEpochs(serving, settings.model(), state));
    }
}
