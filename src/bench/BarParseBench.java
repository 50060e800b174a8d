import io.barcast.bar.Bar;
import io.barcast.bar.BarJson;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The input topic's decoding alone: {@code BarJson.fromBytes} (UTF-8 and JSON checks, every field, the validator's
 * rules) over 5,000 bar records of 50 symbols, as producers write them. Built against the jar on the class path, so
 * any version can be timed the same way:
 *
 *   java -cp 'JAR:LIB/*' src/bench/BarParseBench.java [PASSES [WARM-UP]]
 *
 * Prints the median ns a bar of the timed passes (each 20 times over the records) after the warm-up passes.
 */
public class BarParseBench {

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        byte[][] records = new byte[5000][];
        for (int i = 0; i < records.length; i++) {
            double c = 100 + Math.sin(i) * 10 + i * 0.01;
            records[i] = BarJson.toBytes(new Bar("SYM" + (i % 50), LocalDate.of(2000, 1, 3).plusDays(i),
                    c * 0.99, c * 1.02, c * 0.97, c, 1e6 + i * 37.0));
        }
        double[] ns = new double[passes];
        long check = 0;
        for (int p = -warmUp; p < passes; p++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < 20; k++) {
                for (byte[] r : records) {
                    check += BarJson.fromBytes(r).date().getDayOfMonth();
                }
            }
            if (p >= 0) {
                ns[p] = (System.nanoTime() - t0) / (20.0 * records.length);
            }
        }
        Arrays.sort(ns);
        System.out.printf("BarJson.fromBytes: median %.0f ns a bar over %d passes (min %.0f, max %.0f); check %d%n",
                ns[passes / 2], passes, ns[0], ns[passes - 1], check);
    }
}
