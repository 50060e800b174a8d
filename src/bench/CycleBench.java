import io.barcast.bar.Bar;
import io.barcast.events.EventJson;
import io.barcast.events.OutcomeEvent;
import io.barcast.events.PredictionEvent;
import io.barcast.forecast.BarStep;
import io.barcast.forecast.ForecastSettings;
import io.barcast.forecast.SymbolForecaster;
import io.barcast.forecast.SymbolState;
import io.barcast.forecast.Trainer;
import io.barcast.forecast.TrainingJob;
import io.barcast.model.LstmModel;
import io.barcast.service.ServiceConfig;
import io.barcast.stream.SymbolStateCodec;
import io.barcast.window.BarWindow;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * The stream thread's per-bar work without Kafka, in one JVM: what a bar costs the per-symbol cycle (data-quality
 * rules, window, scoring, prediction with the serving model, intervals, VaR, the blend), its state's encoding (the
 * processor writes the state on every bar and keeps the decoded one in memory, as here) and the prediction and
 * outcome records' JSON. The broker, the transactions and RocksDB are left out: they are the same code in every
 * version and most of `bench pipeline`'s noise; the bytes they carry are printed.
 * Built against the jar given on the class path, so any version with this API can be timed the same way:
 *
 *   OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp 'JAR:LIB/*' src/bench/CycleBench.java [PASSES [WARM-UP [split]]]
 *
 * One model is trained (the defaults, on synthetic bars) and then serves throughout: retrains are not run, so every
 * pass does the same work. Prints the µs a bar of each timed pass and their median, after the warm-up passes (40 by
 * default: the JIT's last recompilations of the LSTM's kernels come after some 30 passes of 2,500 bars), and the bytes
 * the thread allocated a bar. With {@code split}, each pass runs three times, the cycle alone, with the state's
 * encoding, and with the records too, and prints each one's median and allocation (differences give each part).
 */
public class CycleBench {

    private static final int BARS = 3000;

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean split = args.length > 2 && args[2].equals("split");
        ForecastSettings settings = ServiceConfig.of(new Properties()).forecast();
        List<Bar> bars = series("S", BARS, 7);
        SymbolForecaster f = SymbolForecaster.fresh("S", settings);
        Trainer trainer = Trainer.lstm();
        int from = 0;
        while (f.serving() == null) {
            BarStep s = f.onBar(bars.get(from++));
            if (s.retrain() != null) {
                f.trainingStarted(s.retrain());
                f.onTrained(s.retrain(), trainer.train(s.retrain()));
            }
        }
        List<Bar> window = new ArrayList<>(f.window().bars());
        SymbolState state = f.state();
        LstmModel serving = f.serving();
        System.out.printf("cycle bench: %d bars timed a pass, window %d, model from bar %d%n", BARS - from,
                settings.windowBars(), from);
        // the parts timed: 0 the cycle alone, 1 and the state's encoding, 2 and the records (their events and JSON)
        int[] parts = split ? new int[] {0, 1, 2} : new int[] {2};
        double[][] us = new double[3][passes];
        long[] allocated = new long[3];
        long stateBytes = 0;
        long recordBytes = 0;
        long timedBars = 0;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int p = -warmUp; p < passes; p++) {
            for (int part : parts) {
                BarWindow w = new BarWindow(settings.windowBars());
                window.forEach(w::offer);
                SymbolForecaster run = new SymbolForecaster("S", settings, w, state, serving);
                long bytesBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                for (int i = from; i < BARS; i++) {
                    BarStep s = run.onBar(bars.get(i));
                    TrainingJob job = s.retrain();
                    if (job != null) {
                        run.trainingStarted(job); // never finished: the model serves on, no other job is handed out
                    }
                    if (part >= 1) {
                        byte[] stored = SymbolStateCodec.encode(run.state());
                        stateBytes += part == 2 ? stored.length : 0;
                    }
                    if (part == 2 && s.scored() != null) {
                        recordBytes += EventJson.outcome(OutcomeEvent.of(s.scored())).length;
                    }
                    if (part == 2 && s.prediction() != null) {
                        recordBytes += EventJson.prediction(PredictionEvent.of(s.prediction(), 0, 0)).length;
                    }
                }
                double perBar = (System.nanoTime() - start) / 1e3 / (BARS - from);
                timedBars += part == 2 ? BARS - from : 0;
                if (p >= 0) {
                    us[part][p] = perBar;
                    allocated[part] += (threads.getCurrentThreadAllocatedBytes() - bytesBefore) / (BARS - from);
                    if (part == 2) {
                        System.out.printf("  pass %d: %.2f µs a bar%n", p + 1, perBar);
                    }
                }
            }
        }
        String[] names = {"the cycle alone", "and the state's encoding", "and the records"};
        for (int part : parts) {
            double[] sorted = us[part].clone();
            Arrays.sort(sorted);
            String what = split ? names[part] + ": " : "";
            System.out.printf("%smedian %.2f µs a bar over %d passes (min %.2f, max %.2f), %,d bytes allocated a bar%n",
                    what, sorted[passes / 2], passes, sorted[0], sorted[passes - 1], allocated[part] / passes);
        }
        System.out.printf("a bar's state %d bytes, its records %d bytes%n", stateBytes / timedBars, recordBytes / timedBars);
    }

    /** Random-walk daily bars, as the bench's synthetic series. */
    static List<Bar> series(String symbol, int n, long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>(n);
        double close = 100;
        LocalDate date = LocalDate.of(2000, 1, 3);
        for (int i = 0; i < n; i++) {
            double prev = close;
            close = prev * Math.exp(0.01 * random.nextGaussian());
            double open = prev * Math.exp(0.002 * random.nextGaussian());
            double high = Math.max(open, close) * (1 + Math.abs(0.003 * random.nextGaussian()));
            double low = Math.min(open, close) * (1 - Math.abs(0.003 * random.nextGaussian()));
            bars.add(new Bar(symbol, date, open, high, low, close, Math.rint(1e6 * Math.exp(0.2 * random.nextGaussian()))));
            date = date.plusDays(date.getDayOfWeek().getValue() == 5 ? 3 : 1);
        }
        return bars;
    }
}
