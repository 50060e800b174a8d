package io.barcast.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch peer of {@code bench train} ({@code src/bench/pytorch_epoch.py}, Debian's
 * {@code python3-torch}) in its own process, single-threaded, and reads its median seconds per epoch.
 */
final class PytorchPeer {

    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) s/epoch");

    private PytorchPeer() {
    }

    /** Median seconds per epoch of the peer, or NaN (with the reason printed) when it cannot run here. */
    static double run(String script, int epochs, int hidden, int lookback, int batch, PrintStream out)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(Path.of(script)) || !Files.isExecutable(Path.of(PYTHON))) {
            out.printf("  PyTorch peer not run: %s or %s missing (run from the repository root)%n", script, PYTHON);
            return Double.NaN;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(PYTHON, script, "--epochs", Integer.toString(epochs),
                "--hidden", Integer.toString(hidden), "--lookback", Integer.toString(lookback), "--batch", Integer.toString(batch)))
                .redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        double median = Double.NaN;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println("  | " + line);
                Matcher m = MEDIAN.matcher(line);
                if (m.find()) {
                    median = Double.parseDouble(m.group(1));
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0 || Double.isNaN(median)) {
            out.printf("  PyTorch peer failed (exit %d); is python3-torch installed?%n", p.exitValue());
            return Double.NaN;
        }
        return median;
    }
}
